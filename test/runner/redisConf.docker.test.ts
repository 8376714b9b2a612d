import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type Docker from 'dockerode';
import { cleanupLeftovers } from '../../src/cluster/cleanupLeftovers.js';
import { hostCommands } from '../../src/cluster/hostRedis.js';
import { REDIS_PORT } from '../../src/cluster/redisConfig.js';
import { runScenario } from '../../src/runner/runScenario.js';
import { resolveScenario } from '../../src/runner/scenario.js';
import { dockerOrSkip } from '../support/dockerAvailable.js';

describe('run --redis-conf @docker', function () {
  this.timeout(180_000);
  let docker: Docker;
  let dir: string;
  let runId: string | undefined;

  before(async function () {
    docker = await dockerOrSkip(this);
    dir = mkdtempSync(join(tmpdir(), 'redcheck-redis-conf-'));
  });
  after(async () => {
    if (runId !== undefined) await cleanupLeftovers(docker, { runId, all: true });
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("the user's file is the base: bind and save overridden and listed, maxmemory kept on the node", async () => {
    const conf = join(dir, 'redis.conf');
    writeFileSync(conf, '# production\nbind 127.0.0.1\nsave 60 1000\nmaxmemory 100mb\n');
    const r = await runScenario({
      scenario: resolveScenario({
        topology: 'standalone',
        nemesis: 'none',
        timeLimit: '3s',
        seed: 1,
        store: join(dir, 'store'),
        redisConf: conf,
        keep: true,
      }),
      progress: null,
      log: () => undefined,
    });
    runId = r.results.run;
    assert.equal(r.exitCode, 0, JSON.stringify(r.results.error));
    assert.equal(r.results.redisConf?.file, conf);
    const overrides = r.results.redisConf?.overrides ?? [];
    assert.deepEqual(
      overrides.map((o) => [o.directive, o.file, o.used]),
      [
        ['bind', 'bind 127.0.0.1', 'bind 0.0.0.0'],
        ['save', 'save 60 1000', 'save ""'],
      ],
    );
    assert.ok(!overrides.some((o) => o.directive === 'maxmemory'));
    const node = r.results.deployment?.nodes[0];
    assert.ok(node, 'the deployment has its node');
    const [maxmemory, save] = await hostCommands({ host: node.ip, port: REDIS_PORT }, [
      ['CONFIG', 'GET', 'maxmemory'],
      ['CONFIG', 'GET', 'save'],
    ]);
    assert.deepEqual(maxmemory?.value, ['maxmemory', String(100 * 1024 * 1024)]);
    assert.deepEqual(save?.value, ['save', '']);
  });
});
