import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createReadStream, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type Docker from 'dockerode';
import {
  buildImage,
  FSYNC_TOOLS,
  flavorSpec,
  IMAGE_LABEL,
  imageState,
  requiredImageVersion,
} from '../../src/cluster/index.js';
import { IMAGE_VERSION_LABEL } from '../../src/cluster/labels.js';
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

  it('carries the power-loss tools, turned on for every process, and the current version', async () => {
    const info = await docker.getImage(flavorSpec('7.0').image).inspect();
    assert.equal(info.Config.Labels?.[IMAGE_VERSION_LABEL], requiredImageVersion());
    assert.ok(
      info.Config.Env.includes(`LD_PRELOAD=${FSYNC_TOOLS.library}`),
      info.Config.Env.join(' '),
    );
    assert.ok(info.Config.Env.includes(`REDCHECK_FSYNC_DIR=${FSYNC_TOOLS.recordDir}`));
    assert.equal(await imageState(docker, flavorSpec('7.0').image), 'current');
  });

  it('an image without the version label (built before the tools) is stale', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'redcheck-stale-'));
    const tag = `redcheck-test/stale:${process.pid}`;
    try {
      writeFileSync(join(dir, 'marker'), 'an image built before the power-loss tools\n');
      execFileSync('tar', ['-C', dir, '-cf', join(dir, 'image.tar'), 'marker']);
      const [repo, version] = tag.split(':');
      const stream = await docker.importImage(createReadStream(join(dir, 'image.tar')), {
        repo,
        tag: version,
        changes: [`LABEL ${IMAGE_LABEL}=7.0`],
      });
      await new Promise((resolve, reject) =>
        docker.modem.followProgress(stream, (e: Error | null) => (e ? reject(e) : resolve(null))),
      );
      assert.equal(await imageState(docker, tag), 'stale');
      assert.equal(await imageState(docker, 'redcheck-test/absent:none'), 'missing');
    } finally {
      await docker
        .getImage(tag)
        .remove()
        .catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
