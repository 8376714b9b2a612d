import assert from 'node:assert/strict';
import { checkSet, type SetFinalRead } from '../../src/checker/set.js';
import type { Op } from '../../src/history/op.js';

/**
 * A Redis Cluster run of two shards: elements e0..e5 all acknowledged, e0-e2 on shard s1
 * (n1 primary, n2 replica), e3-e5 on s2 (n3 primary, n4 replica). The final state is the
 * union of the two primaries; each replica is compared with its own shard's primary.
 */
function clusterRun(): { history: Op[]; shardOf: (e: string) => string } {
  const history: Op[] = [];
  const nodeOf = (i: number): string => (i < 3 ? 'n1' : 'n3');
  for (let i = 0; i < 6; i++) {
    history.push({
      index: history.length,
      time: i * 20,
      process: i,
      type: 'invoke',
      f: 'add',
      value: `e${i}`,
    });
    history.push({
      index: history.length,
      time: i * 20 + 10,
      process: i,
      type: 'ok',
      f: 'add',
      value: `e${i}`,
      node: nodeOf(i),
    });
  }
  return { history, shardOf: (e) => (Number(e.slice(1)) < 3 ? 's1' : 's2') };
}

describe('set checker on a cluster (shards)', () => {
  it('judges the union of the shard primaries and compares each replica with its own primary', () => {
    const { history, shardOf } = clusterRun();
    const finalReads: SetFinalRead[] = [
      // e1 lost on s1: acknowledged by n1, absent from its final state.
      { node: 'n1', primary: true, shard: 's1', set: ['e0', 'e2'], list: ['e0', 'e2'] },
      { node: 'n2', primary: false, shard: 's1', set: ['e0'], list: ['e0'] },
      { node: 'n3', primary: true, shard: 's2', set: ['e3', 'e4', 'e5'], list: ['e3', 'e4', 'e5'] },
      {
        node: 'n4',
        primary: false,
        shard: 's2',
        set: ['e3', 'e4', 'e5'],
        list: ['e3', 'e4', 'e5'],
      },
    ];
    const r = checkSet({ history, finalReads, shardOf });
    assert.equal(r.valid, false);
    assert.equal(r.acknowledged, 6);
    assert.equal(r.lost, 1);
    assert.deepEqual(
      r.lostWrites.map((w) => [w.element, w.node]),
      [['e1', 'n1']],
    );
    assert.deepEqual(r.lostByNode, { n1: 1 });
    assert.deepEqual(r.lostByShard, { s1: 1 });
    assert.equal(r.lostOutsideFaults, 1);
    // Per shard: n2 lacks e2 of its primary n1; n4 has all of n3's. No replica counts the
    // other shard's elements as missing.
    const diff = Object.fromEntries(r.nodes.map((d) => [d.node, [d.role, d.missing, d.extra]]));
    assert.deepEqual(diff, {
      n1: ['primary', 0, 0],
      n2: ['replica', 1, 0],
      n3: ['primary', 0, 0],
      n4: ['replica', 0, 0],
    });
  });

  it('is unknown, naming the node, when one shard primary could not be read', () => {
    const { history, shardOf } = clusterRun();
    const r = checkSet({
      history,
      shardOf,
      finalReads: [
        {
          node: 'n1',
          primary: true,
          shard: 's1',
          set: ['e0', 'e1', 'e2'],
          list: ['e0', 'e1', 'e2'],
        },
        { node: 'n3', primary: true, shard: 's2', error: 'connection refused' },
      ],
    });
    assert.equal(r.valid, 'unknown');
    assert.match(r.reason ?? '', /n3: connection refused/);
    assert.equal(r.lost, 0);
  });

  it('with one shard and no shardOf, reads as a plain primary (no lostByShard)', () => {
    const { history } = clusterRun();
    const all = ['e0', 'e1', 'e2', 'e3', 'e4', 'e5'];
    const r = checkSet({
      history,
      finalReads: [{ node: 'n1', primary: true, shard: 's1', set: all, list: all }],
    });
    assert.equal(r.valid, true);
    assert.equal(r.lostByShard, undefined);
    assert.deepEqual(
      r.nodes.map((d) => d.node),
      ['n1'],
    );
  });
});
