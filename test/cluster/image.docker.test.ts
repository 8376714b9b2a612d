import assert from 'node:assert/strict';
import type Docker from 'dockerode';
import { buildImage, flavorSpec, IMAGE_LABEL } from '../../src/cluster/index.js';
import { dockerOrSkip } from '../support/dockerAvailable.js';
import { checkNoLeftovers } from '../support/leftovers.js';

describe('@docker node image', function () {
  this.timeout(15 * 60_000);
  checkNoLeftovers();
  let docker: Docker;

  before(async function () {
    docker = await dockerOrSkip(this);
  });

  it('builds redcheck/redis:7.0 offline once; a second build is a no-op', async () => {
    const lines: string[] = [];
    const first = await buildImage(docker, '7.0', { offline: true, log: (l) => lines.push(l) });
    console.log(`      first build: ${first.source}, ${first.ms} ms`);
    const second = await buildImage(docker, '7.0', { offline: true });
    assert.equal(second.built, false);
    assert.equal(second.source, 'existing');
    const info = await docker.getImage(flavorSpec('7.0').image).inspect();
    assert.equal(info.Config.Labels?.[IMAGE_LABEL], '7.0');
  });
});
