import { dockerOrSkip } from '../support/dockerAvailable.js';
import { checkNoLeftovers } from '../support/leftovers.js';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'mocha';
import { Redis } from 'ioredis';
import {
  faultKind,
  hasJumps,
  listRules,
  reachFromZone,
  type NemesisContext,
  type NemesisOp,
} from '../../nemesis/index.js';
import { LOSS_CHAIN, lossCounters } from '../../nemesis/packetLoss.js';
import { replicationLag } from '../../nemesis/slowLink.js';
import { startDeployment, type Deployment, type Node } from '../../src/cluster/index.js';
import { createRandom } from '../../src/common/random.js';

function contextFor(d: Deployment, options: Record<string, number | string>): NemesisContext {
  const t0 = process.hrtime.bigint();
  const ops: NemesisOp[] = [];
  return {
    deployment: d,
    record: (op) => void ops.push(op),
    now: () => Number(process.hrtime.bigint() - t0),
    log: () => undefined,
    options,
  };
}

const node = (d: Deployment, name: string): Node =>
  d.nodes.find((n) => n.name === name) ?? assert.fail(`no node ${name}`);

async function shaped(n: Node): Promise<boolean> {
  const r = await n.exec(['tc', 'qdisc', 'show']);
  return /qdisc htb/.test(r.stdout);
}

/**
 * Writes 1 KB values to the primary in pipelined batches until stopped: replication traffic of
 * at most about 2 MB/s. Far above 1mbit, far below what would fill a replica's output buffer
 * (256 MB hard limit) within the test: unthrottled, the primary drops its replicas in 2 s.
 */
function startWriting(d: Deployment): { stop: () => Promise<void> } {
  const primary = node(d, 'n1');
  const redis = new Redis({ host: primary.ip, port: d.redisPort, maxRetriesPerRequest: 0 });
  const value = 'x'.repeat(1024);
  let running = true;
  const loop = (async () => {
    for (let i = 0; running; i++) {
      const p = redis.pipeline();
      for (let k = 0; k < 20; k++) p.set(`slow:${(i * 20 + k) % 5000}`, value);
      await p.exec().catch(() => undefined);
      await new Promise((r) => setTimeout(r, 10));
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      redis.disconnect();
    },
  };
}

async function until(what: string, ms: number, ok: () => Promise<boolean>): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await ok()) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  assert.fail(`${what}: not within ${ms} ms`);
}

describe('slow-link and packet-loss against a replication deployment @docker', function () {
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
      runId: `netfaults-test-${randomBytes(3).toString('hex')}`,
    });
  });

  after(async () => {
    await d?.dispose();
  });

  it('slow-link on the primary makes the replicas lag while it holds; they catch up after the stop', async () => {
    const ctx = contextFor(dep(), { slowLinkRate: '1mbit' });
    const nemesis = faultKind('slow-link').create();
    const writer = startWriting(dep());
    try {
      const fault = await nemesis.start('primary', createRandom(1), ctx);
      assert.equal(fault.verified, true, fault.problem);
      assert.deepEqual(fault.nodes, ['n1']);
      assert.ok(
        Number(fault.value['lagBytes']) > 0,
        `lag at start: ${String(fault.value['lagBytes'])}`,
      );
      assert.equal(fault.value['replicaDropped'], undefined, 'a replica dropped at 2 MB/s');
      assert.ok(await shaped(node(dep(), 'n1')));
      // Measured again while it holds: at 1mbit the replicas cannot keep up with the writes.
      await new Promise((r) => setTimeout(r, 1000));
      const lag = (await replicationLag(dep())) ?? 0;
      assert.ok(lag > 100_000, `replicas only ${lag} bytes behind under a 1mbit link`);
      const stopped = await nemesis.stop(fault, ctx);
      assert.equal(stopped.verified, true, stopped.problem);
      assert.ok(Number(stopped.value['lagBytes']) > 0);
    } finally {
      await writer.stop();
    }
    assert.equal(await shaped(node(dep(), 'n1')), false);
    await until('replicas caught up after the slow link', 20_000, async () => {
      return (await replicationLag(dep())) === 0;
    });
  });

  it('packet-loss drops about the share asked of the packets to and from a node, and none after the stop', async () => {
    const ctx = contextFor(dep(), { packetLoss: 0.5 });
    const nemesis = faultKind('packet-loss').create();
    await nemesis.setup(ctx);
    const n2 = node(dep(), 'n2');
    const fault = await nemesis.start('n2', createRandom(1), ctx);
    assert.equal(fault.verified, true, fault.problem);
    const { seen, dropped } = await lossCounters(n2);
    assert.ok(seen >= 40, `only ${seen} packets seen by the probe`);
    const share = dropped / seen;
    assert.ok(share > 0.25 && share < 0.75, `dropped ${dropped} of ${seen} at a share of 0.5`);
    const stopped = await nemesis.stop(fault, ctx);
    assert.equal(stopped.verified, true, stopped.problem);
    assert.deepEqual(await listRules(n2, LOSS_CHAIN), []);
    // Healed: every connection from a client zone to n2 goes through.
    const zone = dep().zones[0] ?? assert.fail('no zone');
    for (let i = 0; i < 10; i++) {
      assert.equal(await reachFromZone(zone.ip, n2.ip, dep().redisPort), 'open');
    }
    await nemesis.teardown(ctx);
    assert.equal(await hasJumps(n2, LOSS_CHAIN), false);
  });

  it('healAll ends both faults wherever they are, and teardown leaves no chain', async () => {
    const ctx = contextFor(dep(), { slowLinkRate: '10mbit', packetLoss: 0.3 });
    const slow = faultKind('slow-link').create();
    const loss = faultKind('packet-loss').create();
    await loss.setup(ctx);
    await slow.start('n3', createRandom(2), ctx);
    await loss.start('n3', createRandom(2), ctx);
    assert.ok(await shaped(node(dep(), 'n3')));
    assert.notDeepEqual(await listRules(node(dep(), 'n3'), LOSS_CHAIN), []);
    await slow.healAll(ctx);
    await loss.healAll(ctx);
    await loss.teardown(ctx);
    for (const n of dep().nodes) {
      assert.equal(await shaped(n), false, `${n.name} still shaped`);
      assert.equal(await hasJumps(n, LOSS_CHAIN), false, `${n.name} still jumps to ${LOSS_CHAIN}`);
    }
  });
});
