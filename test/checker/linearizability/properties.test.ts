import assert from 'node:assert/strict';
import fc from 'fast-check';
import { checkLinearizability } from '../../../src/checker/linearizability/index.js';
import { drawnOp, sequentialRegister, toHistory, type IntervalOp } from './histories.js';

const verdict = async (ops: readonly IntervalOp[], model: string): Promise<boolean | 'unknown'> =>
  (await checkLinearizability(toHistory(ops), { model, timeLimitMs: 20_000 })).valid;

/** All orders, independent of the checker: Knossos register semantics, info ops optional. */
function bruteForce(ops: readonly IntervalOp[]): boolean {
  const live = ops.filter(
    (o) => o.status !== 'fail' && !(o.f === 'read' && (o.status !== 'ok' || o.output === null)),
  );
  const mandatory = live.filter((o) => o.status === 'ok').length;
  const preds = live.map((b) =>
    live.flatMap((a, i) => (a.status === 'ok' && a.ret !== undefined && a.ret < b.call ? [i] : [])),
  );
  const used = new Array<boolean>(live.length).fill(false);
  const go = (state: unknown, placedOk: number): boolean => {
    if (placedOk === mandatory) return true;
    for (let i = 0; i < live.length; i++) {
      const o = live[i] as IntervalOp;
      if (used[i] || !(preds[i] as number[]).every((p) => used[p])) continue;
      let next: unknown;
      if (o.f === 'read') {
        if (state !== o.output) continue;
        next = state;
      } else if (o.f === 'write') {
        next = o.input;
      } else {
        const [from, to] = o.input as [number, number];
        if (state !== from) continue;
        next = to;
      }
      used[i] = true;
      const ok = go(next, placedOk + (o.status === 'ok' ? 1 : 0));
      used[i] = false;
      if (ok) return true;
    }
    return false;
  };
  return go(null, 0);
}

const smallOp: fc.Arbitrary<IntervalOp> = fc
  .record({
    f: fc.constantFrom('read', 'write', 'cas'),
    a: fc.integer({ min: 1, max: 3 }),
    b: fc.integer({ min: 1, max: 3 }),
    read: fc.constantFrom(null, 1, 2, 3),
    status: fc.constantFrom('ok', 'ok', 'ok', 'info', 'fail'),
    call: fc.integer({ min: 0, max: 50 }),
    len: fc.integer({ min: 0, max: 30 }),
    completes: fc.boolean(),
  })
  .map((r): IntervalOp => {
    const input = r.f === 'read' ? null : r.f === 'write' ? r.a : [r.a, r.b];
    const output = r.f === 'read' ? r.read : input;
    const ret = r.status === 'info' && !r.completes ? undefined : r.call + r.len;
    return { f: r.f, input, output, status: r.status, call: r.call, ret };
  });

describe('linearizability: properties', () => {
  it('a sequential register execution with overlapping intervals, fail and info ops, is linearizable', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(drawnOp, { minLength: 1, maxLength: 60 }), async (drawn) => {
        assert.equal(await verdict(sequentialRegister(drawn), 'cas-register'), true);
      }),
      { numRuns: 150 },
    );
  });

  it('a read of a value never written makes it not linearizable', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(drawnOp, { minLength: 0, maxLength: 40 }),
        fc.integer({ min: 0, max: 500 }),
        fc.integer({ min: 0, max: 50 }),
        async (drawn, at, len) => {
          const ops = sequentialRegister(drawn);
          ops.push({ f: 'read', input: null, output: 99, status: 'ok', call: at, ret: at + len });
          assert.equal(await verdict(ops, 'cas-register'), false);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('a read that skips a completed write, with no concurrent write, makes it not linearizable', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(drawnOp, { minLength: 0, maxLength: 40 }), async (drawn) => {
        const ops = sequentialRegister(drawn);
        const end = Math.max(0, ...ops.map((o) => o.ret ?? o.call)) + 1;
        // write 7, then write 8, then a read of 7: 7 and 8 are written by nothing else
        ops.push({ f: 'write', input: 7, output: 7, status: 'ok', call: end, ret: end + 5 });
        ops.push({ f: 'write', input: 8, output: 8, status: 'ok', call: end + 6, ret: end + 10 });
        ops.push({
          f: 'read',
          input: null,
          output: 7,
          status: 'ok',
          call: end + 11,
          ret: end + 15,
        });
        assert.equal(await verdict(ops, 'cas-register'), false);
      }),
      { numRuns: 150 },
    );
  });

  it('agrees with a brute-force search over all orders on small histories (<= 8 ops)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(smallOp, { minLength: 1, maxLength: 8 }), async (ops) => {
        assert.equal(await verdict(ops, 'cas-register'), bruteForce(ops));
      }),
      { numRuns: 1000 },
    );
  });

  it('agrees with brute force when most ops are info (optional ops that may leave the state as is)', async () => {
    // the search skips an op without a return whose step leaves the state unchanged: these
    // histories are full of such ops (writes of the current value, info cas from other values)
    const infoOp = fc
      .tuple(smallOp, fc.constantFrom('ok', 'info', 'info'), fc.boolean())
      .map(([o, status, completes]): IntervalOp => {
        if (o.f === 'read' && status === 'info') return o;
        const ret = status === 'info' && !completes ? undefined : (o.ret ?? o.call + 5);
        return { ...o, status, ret };
      });
    await fc.assert(
      fc.asyncProperty(fc.array(infoOp, { minLength: 1, maxLength: 9 }), async (ops) => {
        assert.equal(await verdict(ops, 'cas-register'), bruteForce(ops));
      }),
      { numRuns: 500 },
    );
  });

  it('kv checked per key agrees with kv checked as one history (P-compositionality)', async () => {
    const kvOp = fc
      .record({
        f: fc.constantFrom('get', 'put', 'append'),
        key: fc.constantFrom('a', 'b'),
        v: fc.constantFrom('x', 'y', 'xy', ''),
        status: fc.constantFrom('ok', 'ok', 'ok', 'info', 'fail'),
        call: fc.integer({ min: 0, max: 50 }),
        len: fc.integer({ min: 0, max: 30 }),
      })
      .map((r): IntervalOp => ({
        f: r.f,
        key: r.key,
        input: r.f === 'get' ? null : r.v,
        output: r.v,
        status: r.status,
        call: r.call,
        ret: r.call + r.len,
      }));
    await fc.assert(
      fc.asyncProperty(fc.array(kvOp, { minLength: 1, maxLength: 10 }), async (ops) => {
        assert.equal(await verdict(ops, 'kv'), await verdict(ops, 'kv-single'));
      }),
      { numRuns: 500 },
    );
  });
});
