import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  checkLinearizability,
  type LinearizabilityResult,
} from '../../../src/checker/linearizability/index.js';
import type { Op } from '../../../src/history/op.js';
import { toHistory, type IntervalOp } from './histories.js';

/** A register op as drawn for a unique-value history. */
interface UniqueDraw {
  readonly f: 'read' | 'write' | 'cas';
  /** For a cas: expect the current value (true) or an older one (a failing cas). */
  readonly current: boolean;
  /** 'lost': reported info but never took effect; 'info': took effect, reported info. */
  readonly outcome: 'ok' | 'info' | 'lost';
  readonly before: number;
  readonly after: number;
}

const uniqueDraw: fc.Arbitrary<UniqueDraw> = fc.record({
  f: fc.constantFrom('read', 'read', 'write', 'cas'),
  current: fc.boolean(),
  outcome: fc.constantFrom('ok', 'ok', 'ok', 'ok', 'info', 'lost'),
  before: fc.integer({ min: 0, max: 35 }),
  after: fc.integer({ min: 0, max: 35 }),
});

/**
 * A linearizable register execution (initial value 0) at points 10, 20, ...: every write and
 * cas writes a new value; a cas from an old value fails.
 */
function uniqueRegister(drawn: readonly UniqueDraw[]): IntervalOp[] {
  let value = 0;
  let next = 1;
  const history = [0];
  return drawn.map((d, i): IntervalOp => {
    const t = 10 * (i + 1);
    const call = t - d.before;
    let ret: number | undefined = t + d.after;
    if (d.f === 'read') return { f: 'read', input: null, output: value, status: 'ok', call, ret };
    const v = next++;
    let status: IntervalOp['status'] = d.outcome === 'ok' ? 'ok' : 'info';
    if (status === 'info' && d.before % 3 === 0) ret = undefined;
    if (d.f === 'write') {
      if (d.outcome !== 'lost') history.push((value = v));
      return { f: 'write', input: v, output: v, status, call, ret };
    }
    const from = d.current ? value : (history[d.before % history.length] as number);
    if (from !== value) status = 'fail';
    else if (d.outcome !== 'lost') history.push((value = v));
    return { f: 'cas', input: [from, v], output: [from, v], status, call, ret };
  });
}

type Injection = 'none' | 'stale read' | 'lost write' | 'bad cas';

/** `ops` with one anomaly injected at `at` (a position in time). */
function inject(ops: IntervalOp[], what: Injection, at: number, len: number): IntervalOp[] {
  const written = ops.flatMap((o) =>
    o.status === 'ok' && o.f !== 'read'
      ? [o.f === 'write' ? o.input : (o.input as number[])[1]]
      : [],
  );
  const old = written[at % Math.max(1, written.length)] ?? 0;
  const out = ops.slice();
  if (what === 'stale read') {
    out.push({ f: 'read', input: null, output: old, status: 'ok', call: at, ret: at + len });
  } else if (what === 'lost write') {
    // an info write that never took effect, reported ok
    const k = out.findIndex((o, i) => i >= at % Math.max(1, out.length) && o.status === 'info');
    const o = out[k];
    if (o) out[k] = { ...o, status: 'ok', ret: o.ret ?? o.call + len };
  } else if (what === 'bad cas') {
    out.push({
      f: 'cas',
      input: [old, 1000],
      output: [old, 1000],
      status: 'ok',
      call: at,
      ret: at + len,
    });
  }
  return out;
}

/**
 * `prefix` (history indices of invokes) is a legal register execution from `init` that keeps
 * real-time order: no op in it returned before an earlier one in it was called.
 */
function assertLinearizablePrefix(
  h: readonly Op[],
  prefix: readonly number[],
  init: unknown,
): void {
  const ret = new Map<number, number>();
  h.forEach((e, pos) => {
    if (e.type === 'invoke') return;
    const inv = h.findLastIndex(
      (x, i) => i < pos && x.process === e.process && x.type === 'invoke',
    );
    if (e.type === 'ok') ret.set(inv, pos);
  });
  let value = init;
  prefix.forEach((pos, i) => {
    const inv = h[pos] as Op;
    const done = ret.get(pos);
    const out = done === undefined ? undefined : (h[done] as Op).value;
    if (inv.f === 'read') assert.equal(out, value, `read at ${pos} in the prefix`);
    else if (inv.f === 'write') value = inv.value;
    else {
      const [from, to] = inv.value as [unknown, unknown];
      assert.equal(value, from, `cas at ${pos} in the prefix`);
      value = to;
    }
    for (const later of prefix.slice(i + 1)) {
      const r = ret.get(later);
      assert.ok(
        r === undefined || r > pos,
        `op at ${later} returned before op at ${pos} was called`,
      );
    }
  });
}

async function both(
  ops: readonly IntervalOp[],
  init: number | undefined,
): Promise<[LinearizabilityResult, LinearizabilityResult]> {
  const h = toHistory(ops);
  const o = { model: 'cas-register', ...(init === undefined ? {} : { init }), verbose: true };
  return [
    await checkLinearizability(h, o),
    await checkLinearizability(h, { ...o, uniqueValues: false, timeLimitMs: 20_000 }),
  ];
}

describe('linearizability: the unique-values fast path', () => {
  for (const what of ['none', 'stale read', 'lost write', 'bad cas'] as const) {
    it(`agrees with the general search on unique-value histories (injected: ${what})`, async () => {
      const seen = { true: 0, false: 0, unknown: 0 };
      await fc.assert(
        fc.asyncProperty(
          fc.array(uniqueDraw, { minLength: 1, maxLength: 14 }),
          fc.integer({ min: 0, max: 160 }),
          fc.integer({ min: 0, max: 40 }),
          fc.constantFrom(0, undefined),
          async (drawn, at, len, init) => {
            const ops = inject(uniqueRegister(drawn), what, at, len);
            const h = toHistory(ops);
            const [fast, search] = await both(ops, init);
            assert.equal(fast.uniqueValuePartitions, 1);
            assert.equal(search.uniqueValuePartitions, 0);
            assert.equal(fast.valid, search.valid);
            seen[String(fast.valid) as keyof typeof seen]++;
            if (what === 'none' && init === 0) assert.equal(fast.valid, true);
            if (fast.valid === false) {
              const prefix = fast.partitions[0]?.evidence?.longestPrefixes[0];
              assert.ok(prefix, 'evidence with a longest prefix');
              assert.equal(new Set(prefix).size, prefix.length);
              assertLinearizablePrefix(h, prefix, init ?? null);
            }
          },
        ),
        { numRuns: 400 },
      );
      // the injections make a good share of the histories invalid, not all
      if (what !== 'none') assert.ok(seen.false > 40 && seen.true > 10, JSON.stringify(seen));
    });
  }

  it('a repeated value takes the general search', async () => {
    const ops: IntervalOp[] = [
      { f: 'write', input: 1, output: 1, status: 'ok', call: 0, ret: 1 },
      { f: 'write', input: 1, output: 1, status: 'ok', call: 2, ret: 3 },
      { f: 'read', input: null, output: 1, status: 'ok', call: 4, ret: 5 },
    ];
    const r = await checkLinearizability(toHistory(ops), { model: 'cas-register' });
    assert.equal(r.valid, true);
    assert.equal(r.uniqueValuePartitions, 0);
  });

  it("etcd's failed cas (it saw another value) takes the general search, wherever it is", async () => {
    for (const at of [0, 1, 2]) {
      const ops: IntervalOp[] = [
        { f: 'write', input: 1, output: 1, status: 'ok', call: 0, ret: 1 },
        { f: 'write', input: 2, output: 2, status: 'ok', call: 2, ret: 3 },
        { f: 'read', input: null, output: 2, status: 'ok', call: 4, ret: 5 },
      ];
      // a cas from 1 that failed: legal only while the value is not 1
      ops.splice(at, 0, {
        f: 'cas',
        input: [1, 3],
        output: [1, 3],
        status: 'fail',
        call: 10,
        ret: 11,
      });
      const r = await checkLinearizability(toHistory(ops), { model: 'etcd' });
      assert.equal(r.valid, true);
      assert.equal(r.uniqueValuePartitions, 0);
      const stale = [
        ...ops,
        { f: 'read', input: null, output: 1, status: 'ok', call: 20, ret: 21 } as const,
      ];
      assert.equal((await checkLinearizability(toHistory(stale), { model: 'etcd' })).valid, false);
    }
  });

  it('an injected stale read is found with evidence: it cannot follow the longest prefix', async () => {
    const drawn = Array.from({ length: 3000 }, (_, i): UniqueDraw => ({
      f: (['read', 'write', 'cas', 'read'] as const)[i % 4] ?? 'read',
      current: i % 7 !== 0,
      outcome: i % 50 === 0 ? 'info' : i % 77 === 0 ? 'lost' : 'ok',
      before: (i * 7) % 31,
      after: (i * 13) % 29,
    }));
    const ops = uniqueRegister(drawn);
    const stale = {
      f: 'read',
      input: null,
      output: 5,
      status: 'ok',
      call: 20_000,
      ret: 20_010,
    } as const;
    const r = await checkLinearizability(toHistory([...ops, stale]), {
      model: 'cas-register',
      init: 0,
      verbose: true,
    });
    assert.equal(r.valid, false);
    const ev = r.partitions[0]?.evidence;
    assert.ok(ev);
    assert.ok((ev.longestPrefixes[0]?.length ?? 0) > 1500);
    assert.ok(
      ev.stuck.some((s) => s.why === 'illegal' && s.op === 'read -> 5'),
      JSON.stringify(ev.stuck),
    );
  });
});
