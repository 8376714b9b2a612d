import assert from 'node:assert/strict';
import type Docker from 'dockerode';
import { ClusterSession } from '../../src/client/cluster/clusterSession.js';
import { hashSlot } from '../../src/client/cluster/hashSlot.js';
import { asyncMode } from '../../src/client/modes/asyncMode.js';
import { multiMode } from '../../src/client/modes/multiMode.js';
import { startDeployment, type DockerDeployment } from '../../src/cluster/index.js';
import type { DockerNode } from '../../src/cluster/dockerNode.js';
import { dockerOrSkip } from '../support/dockerAvailable.js';
import { checkNoLeftovers, leftovers } from '../support/leftovers.js';

/**
 * One 3-shard cluster (no replicas: the cheapest real cluster) shared by every test: slot
 * routing, MOVED followed once and recorded, ASK, and a timed-out write never sent again.
 */
describe('@docker cluster: slot-aware client against real cluster nodes', function () {
  this.timeout(240_000);
  checkNoLeftovers();
  let docker: Docker;
  let d: DockerDeployment;

  before(async function () {
    docker = await dockerOrSkip(this);
    d = await startDeployment({ topology: 'cluster', shards: 3, replicas: 0 }, { docker });
  });

  after(async () => {
    if (d === undefined) return;
    const bridge = d.network?.bridge;
    const addresses = d.zones.map((z) => z.ip);
    await d.dispose();
    assert.deepEqual(await leftovers(docker, d.runId, bridge, addresses), []);
  });

  const seeds = () => d.nodes.map((n) => ({ host: n.ip, port: d.redisPort }));
  const nodeIds = async (): Promise<Map<string, string>> =>
    new Map(
      await Promise.all(
        d.nodes.map(
          async (n) =>
            [n.name, (await n.cli('redis', ['cluster', 'myid'])).stdout.trim()] as [string, string],
        ),
      ),
    );
  const ownerOf = async (slot: number): Promise<DockerNode> => {
    const view = await d.clusterView();
    const shard = view.shards.find((s) => s.slots.some(([a, b]) => slot >= a && slot <= b));
    const node = d.nodes.find((n) => n.name === shard?.primary);
    assert.ok(node, `no owner for slot ${slot}`);
    return node;
  };
  /**
   * Give `slot` (empty) to `to` on every node, as the last step of a resharding does: the new
   * owner first, with the greatest config epoch, so that a heartbeat of the old owner still
   * claiming the slot loses to its claim everywhere (else a node can hand the slot back).
   */
  const moveEmptySlot = async (slot: number, to: DockerNode): Promise<void> => {
    const ids = await nodeIds();
    const setslot = (n: DockerNode) =>
      n.cli('redis', ['cluster', 'setslot', String(slot), 'node', ids.get(to.name) ?? '']);
    await to.cli('redis', ['cluster', 'bumpepoch']);
    await setslot(to);
    await Promise.all(d.nodes.filter((n) => n !== to).map(setslot));
  };

  it('is healthy with every slot served and routes each key to its shard', async () => {
    assert.deepEqual((await d.health()).problems, []);
    await using session = new ClusterSession(seeds(), { commandTimeoutMs: 2000 });
    for (const tag of ['a', 'b', 'c', 'd', 'e', 'f']) {
      const key = `{${tag}}:route`;
      const r = await session.write(asyncMode(), [['SET', key, 'v']]);
      assert.equal(r.outcome.type, 'ok', JSON.stringify(r));
      assert.equal(r.redirects, undefined);
      const owner = await ownerOf(hashSlot(key));
      assert.equal(r.node, `${owner.ip}:${d.redisPort}`);
    }
  });

  it('a MOVED write is sent to the named node once, recorded once, and applied once', async () => {
    const key = '{moved1}:l';
    const slot = hashSlot(key);
    await using session = new ClusterSession(seeds(), { commandTimeoutMs: 2000 });
    await session.slotMap(); // the session now believes the old owner
    const from = await ownerOf(slot);
    const to = d.nodes.find((n) => n !== from) as DockerNode;
    await moveEmptySlot(slot, to);
    for (const mode of [asyncMode(), multiMode()]) {
      const r = await session.write(mode, [['RPUSH', key, mode.name]]);
      assert.equal(r.outcome.type, 'ok', JSON.stringify(r));
      assert.equal(r.node, `${to.ip}:${d.redisPort}`);
      if (mode.name === 'async') {
        assert.deepEqual(r.redirects, [
          {
            kind: 'MOVED',
            slot,
            from: `${from.ip}:${d.redisPort}`,
            to: `${to.ip}:${d.redisPort}`,
          },
        ]);
      } else {
        // The MOVED refreshed the map: the next op goes straight to the new owner.
        assert.equal(r.redirects, undefined);
      }
    }
    const list = await to.cli('redis', ['lrange', key, '0', '-1']);
    assert.deepEqual(list.stdout.trim().split('\n'), ['async', 'multi']);
    assert.equal(session.counts.MOVED, 1);
  });

  it('a MULTI whose commands got MOVED is followed (nothing ran), applied once', async () => {
    const key = '{moved2}:l';
    const slot = hashSlot(key);
    await using session = new ClusterSession(seeds(), { commandTimeoutMs: 2000 });
    await session.slotMap();
    const from = await ownerOf(slot);
    const to = d.nodes.find((n) => n !== from) as DockerNode;
    await moveEmptySlot(slot, to);
    const r = await session.write(multiMode(), [
      ['RPUSH', key, 'x'],
      ['RPUSH', key, 'y'],
    ]);
    assert.equal(r.outcome.type, 'ok', JSON.stringify(r));
    assert.equal(r.redirects?.length, 1);
    const list = await to.cli('redis', ['lrange', key, '0', '-1']);
    assert.deepEqual(list.stdout.trim().split('\n'), ['x', 'y']);
  });

  it('an ASK is followed with ASKING, once, and not taken as a map change', async () => {
    const key = '{ask1}:l';
    const slot = hashSlot(key);
    await using session = new ClusterSession(seeds(), { commandTimeoutMs: 2000 });
    const from = await ownerOf(slot);
    const to = d.nodes.find((n) => n !== from) as DockerNode;
    const ids = await nodeIds();
    // Mid-migration: the key is not on the source yet, so the source answers ASK.
    await to.cli('redis', ['cluster', 'setslot', String(slot), 'importing', ids.get(from.name)!]);
    await from.cli('redis', ['cluster', 'setslot', String(slot), 'migrating', ids.get(to.name)!]);
    try {
      const r = await session.write(asyncMode(), [['RPUSH', key, 'asked']]);
      assert.equal(r.outcome.type, 'ok', JSON.stringify(r));
      assert.equal(r.redirects?.[0]?.kind, 'ASK');
      assert.equal(r.redirects?.length, 1);
      assert.equal(r.node, `${to.ip}:${d.redisPort}`);
      assert.equal(session.counts.ASK, 1);
    } finally {
      await moveEmptySlot(slot, to); // the migration's last step: the slot is `to`'s
    }
    const list = await to.cli('redis', ['lrange', key, '0', '-1']);
    assert.deepEqual(list.stdout.trim().split('\n'), ['asked']);
  });

  it('a write that times out is info and is never sent again', async () => {
    const key = '{timeout1}:l';
    const slot = hashSlot(key);
    const owner = await ownerOf(slot);
    await using session = new ClusterSession(seeds(), { commandTimeoutMs: 500 });
    await session.slotMap();
    await owner.signal('redis', 'STOP');
    let r;
    try {
      r = await session.write(asyncMode(), [['RPUSH', key, 'once']]);
    } finally {
      await owner.signal('redis', 'CONT');
    }
    assert.equal(r.outcome.type, 'info', JSON.stringify(r));
    assert.equal(r.redirects, undefined);
    assert.equal(r.node, `${owner.ip}:${d.redisPort}`);
    // The next op on the same key goes out on a new connection; the old one is not replayed.
    const next = await session.write(asyncMode(), [['RPUSH', key, 'next']]);
    assert.equal(next.outcome.type, 'ok', JSON.stringify(next));
    const list = (await owner.cli('redis', ['lrange', key, '0', '-1'])).stdout.trim().split('\n');
    assert.ok(list.filter((x) => x === 'once').length <= 1, `sent twice: ${list.join(',')}`);
    assert.equal(list.filter((x) => x === 'next').length, 1);
  });
});
