import assert from 'node:assert/strict';
import type { Redis } from 'ioredis';
import { finalReadsOf } from '../../src/runner/checkHistory.js';
import type { Op } from '../../src/history/op.js';
import { SET_TAGS, setKeys, setWorkload, type SetState } from '../../workloads/set/index.js';
import { requireRedisServer, startRedis, type RedisServer } from '../support/redisServer.js';

/** Write elements e0..e<n-1> as the workload does (one set and one list key per tag). */
async function fill(admin: Redis, n: number): Promise<void> {
  for (let from = 0; from < n; from += 5000) {
    const p = admin.pipeline();
    for (let i = from; i < Math.min(n, from + 5000); i++) {
      const k = setKeys(SET_TAGS[i % SET_TAGS.length] as string);
      p.sadd(k.set, `e${i}`);
      p.rpush(k.list, `e${i}`);
    }
    await p.exec();
  }
}

describe('set workload: paged final reads against a real redis-server', function () {
  this.timeout(60_000);
  let server: RedisServer;
  let admin: Redis;

  before(async function () {
    requireRedisServer(this);
    server = await startRedis();
    admin = server.admin();
    await fill(admin, 25_000);
    // One element twice in a list, as a write applied twice would leave it.
    await admin.rpush(setKeys(SET_TAGS[3] as string).list, 'e3');
  });
  after(async () => {
    admin?.disconnect();
    await server?.stop();
  });

  it('reads a state of many pages whole: every element once in the sets, the lists as they are', async () => {
    const pages: SetState[] = [];
    for await (const page of setWorkload.finalReadPages!(admin, 1000)) pages.push(page);
    assert.ok(pages.length >= 20, `${pages.length} pages`);
    for (const p of pages.slice(0, -1)) assert.ok(p.set.length + p.list.length >= 1000);
    const whole = setWorkload.joinPages!(pages);
    const expected = Array.from({ length: 25_000 }, (_, i) => `e${i}`).sort();
    assert.deepEqual([...new Set(whole.set)].sort(), expected);
    assert.equal(whole.list.length, 25_001);
    assert.deepEqual([...new Set(whole.list)].sort(), expected);
    // finalRead (one state) is the same read.
    const one = await setWorkload.finalRead(admin);
    assert.deepEqual([...new Set(one.set)].sort(), expected);
    assert.equal(one.list.length, 25_001);
  });

  it('yields one empty page for an empty node, and throws when a page cannot be read', async () => {
    await admin.select(1);
    try {
      const pages: SetState[] = [];
      for await (const page of setWorkload.finalReadPages!(admin, 1000)) pages.push(page);
      assert.deepEqual(pages, [{ set: [], list: [] }]);
      await admin.set(setKeys(SET_TAGS[0] as string).set, 'not a set');
      await assert.rejects(async () => {
        for await (const _ of setWorkload.finalReadPages!(admin, 1000)) void _;
      }, /WRONGTYPE/);
    } finally {
      await admin.flushdb();
      await admin.select(0);
    }
  });

  it('the pages stored as history ops join back into the node`s read; a missing last page is an error', () => {
    const ops: Op[] = [];
    const page = (
      node: string,
      n: number,
      last: boolean,
      state: SetState,
      type: 'ok' | 'fail' = 'ok',
    ) => {
      const base = { process: 'final' as const, f: 'final-read', node, time: ops.length };
      ops.push({ index: ops.length, ...base, type: 'invoke', value: null });
      ops.push({
        index: ops.length,
        ...base,
        type,
        value: { role: node === 'n1' ? 'primary' : 'replica', page: n, last, state },
        ...(type === 'fail' ? { error: 'Command timed out' } : {}),
      });
    };
    page('n1', 0, false, { set: ['e1'], list: ['e1'] });
    page('n2', 0, false, { set: ['e1'], list: [] });
    page('n1', 1, true, { set: ['e2'], list: ['e2', 'e2'] });
    page('n3', 0, true, { set: [], list: [] });
    const reads = finalReadsOf(ops, setWorkload);
    assert.deepEqual(
      reads.map((r) => [r.node, r.primary, r.state, r.error]),
      [
        ['n1', true, { set: ['e1', 'e2'], list: ['e1', 'e2', 'e2'] }, undefined],
        ['n2', false, undefined, 'the final read ended before its last page'],
        ['n3', false, { set: [], list: [] }, undefined],
      ],
    );
    page('n3', 1, false, { set: [], list: [] }, 'fail');
    assert.equal(finalReadsOf(ops, setWorkload)[2]?.error, 'Command timed out');
  });
});
