import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { addDialRoutes } from '../../src/common/dialRoutes.js';
import { HistoryWriter } from '../../src/history/historyWriter.js';
import { readHistory } from '../../src/history/jsonl.js';
import { finalReads } from '../../src/runner/phases/finalReads.js';
import type { RunContext } from '../../src/runner/runContext.js';
import type { Workload } from '../../workloads/workload.js';
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

describe('set workload: final reads as JSON bytes give the history lines the ioredis read gives', function () {
  this.timeout(120_000);
  const password = 's3cret pass';
  // Elements a user could have put there, each needing more than a copy of its bytes.
  const odd = ['say "hi"', 'back\\slash', 'ünïcödé ✓ 😀', 'ctl\u0000\u001f\n\r\t', '\u2028', ''];
  const invalidUtf8 = Buffer.from([0x65, 0xff, 0xfe, 0x31]);
  const servers: RedisServer[] = [];
  let dir: string;
  let removeRoutes: (() => void) | undefined;

  before(async function () {
    requireRedisServer(this);
    dir = await mkdtemp(join(tmpdir(), 'redcheck-final-json-'));
    for (let i = 0; i < 2; i++) servers.push(await startRedis());
    const admin = servers[0]!.admin();
    try {
      await fill(admin, 12_000);
      const k = setKeys(SET_TAGS[5] as string);
      await admin.sadd(k.set, ...odd, invalidUtf8);
      await admin.rpush(k.list, ...odd, invalidUtf8);
    } finally {
      admin.disconnect();
    }
    for (const s of servers) {
      const a = s.admin();
      await a.config('SET', 'requirepass', password);
      a.disconnect();
    }
    // The nodes as a deployment names them, each reached at its server.
    removeRoutes = addDialRoutes(
      new Map(servers.map((s, i) => [`*>10.99.0.${i + 1}:6379`, { host: s.host, port: s.port }])),
    );
  });
  after(async () => {
    removeRoutes?.();
    for (const s of servers) await s.stop();
    if (dir !== undefined) await rm(dir, { recursive: true, force: true });
  });

  /**
   * The final-read phase of a run over `nodes` (n1 primary) into a history file, with the
   * parts of a run the phase reads (the rest of a run is not needed for it).
   */
  async function finalReadHistory(
    name: string,
    workload: Workload,
    { nodes = servers.length, pass = password }: { nodes?: number; pass?: string } = {},
  ): Promise<Op[]> {
    const file = join(dir, `${name}.jsonl`);
    const history = HistoryWriter.open(file);
    let now = 0;
    const run = {
      workload,
      history,
      results: { settle: { primary: 'n1' } },
      counters: { ok: 12_000, fail: 0, info: 0, inFlight: 0 },
      stop: { abortable: <T>(p: Promise<T>) => p },
      clock: { now: () => now++ },
      deployment: {
        topology: 'replication',
        nodes: servers
          .slice(0, nodes)
          .map((_, i) => ({ name: `n${i + 1}`, ip: `10.99.0.${i + 1}` })),
        redisPort: 6379,
        auth: { password: pass },
      },
    } as unknown as RunContext;
    await finalReads(run);
    await history.close();
    // Each line as JSON.stringify writes it: the shape every reader scans.
    for (const line of (await readFile(file, 'utf8')).split('\n').filter(Boolean)) {
      assert.equal(line, JSON.stringify(JSON.parse(line)));
    }
    return readHistory(file);
  }

  it('same ops (pages, roles, states, escapes), each line as JSON.stringify writes it', async () => {
    const viaIoredis = await finalReadHistory('ioredis', {
      ...setWorkload,
      finalReadJsonPages: undefined,
    });
    const viaBytes = await finalReadHistory('bytes', setWorkload);
    // The nodes are read in parallel: their ops interleave as the replies come.
    const ofNode = (ops: Op[], node: string) =>
      ops.filter((o) => o.node === node).map(({ time: _, index: __, ...rest }) => rest);
    const a = viaIoredis;
    const b = viaBytes;
    for (const node of ['n1', 'n2']) assert.deepEqual(ofNode(b, node), ofNode(a, node));
    // n1: 24,013 items in 10,000-item pages; n2 empty: one empty page.
    const n1 = b.filter((o) => o.node === 'n1' && o.type === 'ok');
    assert.ok(n1.length >= 3, `${n1.length} pages`);
    const n2 = b.filter((o) => o.node === 'n2' && o.type !== 'invoke');
    assert.deepEqual(
      n2.map((o) => o.value),
      [{ role: 'replica', page: 0, last: true, state: { set: [], list: [] } }],
    );
    const n1Read = finalReadsOf(b, setWorkload).find((r) => r.node === 'n1');
    const strange = [...odd, invalidUtf8.toString('utf8')];
    const set = new Set(n1Read?.state?.set);
    assert.equal(set.size, 12_000 + strange.length);
    for (const s of strange) assert.ok(set.has(s), JSON.stringify(s));
    const list = n1Read?.state?.list ?? [];
    assert.equal(list.length, 12_000 + strange.length);
    // A list's items in its order: the strange ones last in theirs.
    const at = list.indexOf(strange[0] as string);
    assert.deepEqual(list.slice(at, at + strange.length), strange);
  });

  it('a node that refuses the password is a `fail` with its error, on both paths', async () => {
    for (const workload of [{ ...setWorkload, finalReadJsonPages: undefined }, setWorkload]) {
      const ops = await finalReadHistory('wrong', workload, {
        nodes: 1,
        pass: 'wrong',
      });
      assert.equal(ops[1]?.type, 'fail');
      assert.match(String(ops[1]?.error), /WRONGPASS/);
    }
  });
});
