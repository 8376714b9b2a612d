import { dockerOrSkip } from '../support/dockerAvailable.js';
import { checkNoLeftovers } from '../support/leftovers.js';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'mocha';
import {
  faultKind,
  checkFullMesh,
  createNemesisDriver,
  explicitSchedule,
  hasJumps,
  listRules,
  reachFromNode,
  reachFromZone,
  type NemesisContext,
  type NemesisOp,
} from '../../nemesis/index.js';
import { startDeployment, type Deployment, type Node } from '../../src/cluster/index.js';
import { createRandom } from '../../src/common/random.js';
import { checkKillKeepsData, checkPauseStopsAnswers } from '../support/processFaultChecks.js';

function contextFor(
  deployment: Deployment,
  ops: NemesisOp[] = [],
  logs: string[] = [],
): NemesisContext {
  const t0 = process.hrtime.bigint();
  return {
    deployment,
    record: (op) => void ops.push(op),
    now: () => Number(process.hrtime.bigint() - t0),
    log: (l) => void logs.push(l),
    options: {},
  };
}

const node = (d: Deployment, name: string): Node =>
  d.nodes.find((n) => n.name === name) ?? assert.fail(`no node ${name}`);

async function assertNoRules(d: Deployment): Promise<void> {
  for (const n of d.nodes) assert.deepEqual(await listRules(n), [], `${n.name} REDCHECK rules`);
}

describe('nemesis against a replication deployment @docker', function () {
  this.timeout(180_000);
  checkNoLeftovers();
  let d: Deployment | undefined;
  const dep = (): Deployment => d ?? assert.fail('no deployment');

  before(async function () {
    await dockerOrSkip(this);
    d = await startDeployment({
      topology: 'replication',
      replicas: 2,
      zones: 3,
      persistence: 'aof-always',
      runId: `nemesis-test-${randomBytes(3).toString('hex')}`,
    });
  });

  after(async () => {
    await d?.dispose();
  });

  it('partition primary-with-clients cuts n1+c1 from the rest, verified from inside the nodes, and heals', async () => {
    const ctx = contextFor(dep());
    const p = faultKind('partition').create();
    await p.setup(ctx);
    const fault = await p.start('primary-with-clients', createRandom(1), ctx);
    assert.equal(fault.verified, true, fault.problem);
    assert.deepEqual(fault.value['groups'], [
      ['n1', 'c1'],
      ['n2', 'n3', 'c2', 'c3'],
    ]);
    const [n1, n2, n3] = ['n1', 'n2', 'n3'].map((n) => node(dep(), n)) as [Node, Node, Node];
    const zone = (name: string): string =>
      dep().zones.find((z) => z.name === name)?.ip ?? assert.fail(`no zone ${name}`);
    const port = dep().redisPort;
    const seen = await Promise.all([
      reachFromNode(n1, n2.ip, port),
      reachFromNode(n3, n1.ip, port),
      reachFromNode(n2, n3.ip, port),
      reachFromZone(zone('c1'), n1.ip, port),
      reachFromZone(zone('c1'), n2.ip, port),
      reachFromZone(zone('c2'), n1.ip, port),
      reachFromZone(zone('c2'), n3.ip, port),
    ]);
    assert.deepEqual(seen, ['dropped', 'dropped', 'open', 'open', 'dropped', 'dropped', 'open']);
    assert.ok((await listRules(n1)).length > 0);

    const stopped = await p.stop(fault, ctx);
    assert.equal(stopped.verified, true, stopped.problem);
    await assertNoRules(dep());
    assert.deepEqual(await checkFullMesh(dep()), []);
    await p.teardown(ctx);
    for (const n of dep().nodes) assert.equal(await hasJumps(n), false, n.name);
  });

  it('every partition shape takes effect and ends', async () => {
    const ctx = contextFor(dep());
    const p = faultKind('partition').create();
    await p.setup(ctx);
    try {
      for (const shape of ['primary-with-one-replica', 'majority-minority', 'random-halves']) {
        const fault = await p.start(shape, createRandom(7), ctx);
        assert.equal(fault.verified, true, `${shape}: ${fault.problem ?? ''}`);
        const stopped = await p.stop(fault, ctx);
        assert.equal(stopped.verified, true, `${shape}: ${stopped.problem ?? ''}`);
      }
    } finally {
      await p.healAll(ctx);
      await p.teardown(ctx);
    }
    await assertNoRules(dep());
  });

  it('kill and restart: the process is gone, then back with its data', () =>
    checkKillKeepsData(dep(), 'nemesis:k'));

  it('pause and resume: state T, no answer, then answers again', () =>
    checkPauseStopsAnswers(dep()));

  it('an interrupted driver still ends healed: no REDCHECK rule, no stopped or down process', async () => {
    const ops: NemesisOp[] = [];
    const logs: string[] = [];
    const controller = new AbortController();
    const driver = createNemesisDriver({
      deployment: dep(),
      schedule: explicitSchedule(
        [{ at: 0, fault: 'partition', target: 'majority-minority', duration: 600_000 }],
        3,
        1000,
      ),
      record: (op) => {
        ops.push(op);
        if (op.type === 'info' && op.f === 'start-partition') controller.abort();
      },
      log: (l) => void logs.push(l),
    });
    await driver.setup();
    const faults = await driver.run(controller.signal);
    assert.equal(faults.length, 1);
    assert.ok(faults[0]?.end !== undefined);
    assert.deepEqual(
      ops.map((o) => `${o.type} ${o.f}`),
      [
        'invoke start-partition',
        'info start-partition',
        'invoke stop-partition',
        'info stop-partition',
      ],
    );
    // Leave damage the driver did not make, as a crashed run would: rules, a paused and a killed process.
    const n1 = node(dep(), 'n1');
    const n3 = node(dep(), 'n3');
    const n2 = node(dep(), 'n2');
    const r = await n1.exec(['iptables', '-w', '-A', 'REDCHECK', '-s', n2.ip, '-j', 'DROP']);
    assert.equal(r.exitCode, 0, r.stderr);
    await n3.signal('redis', 'STOP');
    await n2.signal('redis', 'KILL');
    await driver.healAll();
    await assertNoRules(dep());
    assert.equal(await n3.status('redis'), 'running');
    assert.equal(await n2.status('redis'), 'running');
    assert.deepEqual(await checkFullMesh(dep()), []);
    await driver.teardown();
    for (const n of dep().nodes) assert.equal(await hasJumps(n), false, n.name);
    assert.ok(logs.includes('[nemesis] healing all') && logs.includes('[nemesis] healed all'));
  });
});
