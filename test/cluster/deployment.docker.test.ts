import assert from 'node:assert/strict';
import type Docker from 'dockerode';
import { startDeployment, type DockerDeployment, type Topology } from '../../src/cluster/index.js';
import { isRedcheckError } from '../../src/errors.js';
import { dockerOrSkip } from '../support/dockerAvailable.js';
import { checkNoLeftovers, leftovers } from '../support/leftovers.js';

describe('@docker deployments', function () {
  this.timeout(120_000);
  checkNoLeftovers();
  let docker: Docker;
  const live: DockerDeployment[] = [];

  before(async function () {
    docker = await dockerOrSkip(this);
  });

  afterEach(async () => {
    await Promise.all(live.splice(0).map((d) => d.dispose()));
  });

  async function start(topology: Topology, extra: Parameters<typeof startDeployment>[0] = {}) {
    const d = await startDeployment({ topology, ...extra }, { docker });
    live.push(d);
    return d;
  }

  for (const [topology, nodes] of [
    ['standalone', 1],
    ['replication', 3],
    ['sentinel', 3],
  ] as const) {
    it(`${topology}: comes up healthy with ${nodes} node(s) and a zone per node`, async () => {
      const d = await start(topology);
      console.log(
        `      ${topology} started in ${d.timings.total} ms ${JSON.stringify(d.timings)}`,
      );
      assert.equal(d.nodes.length, nodes);
      assert.equal(d.zones.length, nodes);
      assert.equal((await d.currentPrimary())?.name, 'n1');
      const health = await d.health({ zones: true });
      assert.deepEqual(health.problems, []);
      if (topology !== 'standalone') {
        const info = await d.nodes[1]!.cli('redis', ['info', 'replication']);
        assert.match(info.stdout, /master_link_status:up/);
      }
      if (topology === 'sentinel') {
        assert.equal(d.masterName, 'mymaster');
        for (const n of d.nodes) assert.equal(await n.status('sentinel'), 'running');
      }
    });
  }

  it('a SIGKILLed redis keeps its data directory and restarts with its data', async () => {
    const d = await start('standalone', { persistence: 'aof-always' });
    const n1 = d.nodes[0]!;
    assert.equal((await n1.cli('redis', ['set', 'k', 'v1'])).stdout.trim(), 'OK');
    await n1.signal('redis', 'KILL');
    assert.equal(await n1.status('redis'), 'down');
    assert.notEqual((await n1.cli('redis', ['ping'])).stdout.trim(), 'PONG');
    await n1.start('redis');
    assert.equal(await n1.status('redis'), 'running');
    assert.equal((await n1.cli('redis', ['get', 'k'])).stdout.trim(), 'v1');
  });

  it('pauses with SIGSTOP and resumes with SIGCONT', async () => {
    const d = await start('standalone');
    const n1 = d.nodes[0]!;
    await n1.signal('redis', 'STOP');
    assert.equal(await n1.status('redis'), 'stopped');
    const stuck = await n1.cli('redis', ['ping'], 1);
    assert.notEqual(stuck.stdout.trim(), 'PONG');
    await n1.signal('redis', 'CONT');
    assert.equal(await n1.status('redis'), 'running');
    assert.equal((await n1.cli('redis', ['ping'])).stdout.trim(), 'PONG');
  });

  it('dispose leaves no container, network, bridge or host address; twice is fine', async () => {
    const d = await start('replication', { replicas: 1 });
    const bridge = d.network?.bridge;
    const zones = d.zones.map((z) => z.ip);
    assert.ok(bridge);
    assert.notDeepEqual(await leftovers(docker, d.runId, bridge, zones), []);
    await d.dispose();
    await d.dispose();
    assert.deepEqual(await leftovers(docker, d.runId, bridge, zones), []);
  });

  /** The error of a node that cannot start Redis: E_REDIS_START naming the bad directive. */
  const bootFailureNamed = (e: unknown): boolean => {
    assert.ok(isRedcheckError(e), String(e));
    assert.equal(e.code, 'E_REDIS_START');
    assert.match(e.message, /bogus-directive/);
    return true;
  };

  it('a setup failure (bogus config) removes what was created and names the cause', async () => {
    const runId = `bogus-${process.pid}-${Date.now()}`;
    await assert.rejects(
      startDeployment(
        { topology: 'replication', runId, extraRedisConfig: ['bogus-directive yes'] },
        { docker },
      ),
      bootFailureNamed,
    );
    assert.deepEqual(await leftovers(docker, runId, undefined, []), []);
  });

  it('a cluster node that cannot boot (bogus config) fails fast, named, and leaves nothing', async () => {
    const runId = `bogus-cluster-${process.pid}-${Date.now()}`;
    const t0 = Date.now();
    await assert.rejects(
      startDeployment(
        {
          topology: 'cluster',
          shards: 3,
          replicas: 0,
          runId,
          extraRedisConfig: ['bogus-directive yes'],
        },
        { docker },
      ),
      bootFailureNamed,
    );
    // The container's exit is noticed; the 20 s wait for PING is not sat out.
    assert.ok(Date.now() - t0 < 20_000, `took ${Date.now() - t0} ms`);
    assert.deepEqual(await leftovers(docker, runId, undefined, []), []);
  });
});
