import assert from 'node:assert/strict';
import fc from 'fast-check';
import { isRedcheckError } from '../../src/errors.js';
import { faultIntervals } from '../../src/history/faultInterval.js';
import { parseHistoryJsonl } from '../../src/history/jsonl.js';
import { isClientOp, type Op } from '../../src/history/op.js';
import { OpPairer, pairOps } from '../../src/history/pairOps.js';

function op(process: Op['process'], type: Op['type'], f = 'add', value: unknown = null): Op {
  return { index: 0, time: 0, process, type, f, value };
}

function dense(ops: Op[]): Op[] {
  return ops.map((o, i) => ({ ...o, index: i, time: i * 10 }));
}

describe('history/pairOps', () => {
  it('pairs by process, in invoke order, skipping nemesis ops and final reads', () => {
    const h = dense([
      op(0, 'invoke'),
      op(1, 'invoke'),
      op('nemesis', 'info', 'start-partition'),
      op(1, 'ok'),
      op('final', 'invoke', 'final-read'),
      op('final', 'ok', 'final-read'),
      op(0, 'fail'),
    ]);
    const p = pairOps(h);
    assert.equal(p.count, 2);
    assert.deepEqual([...p.invoke], [0, 1]);
    assert.deepEqual([...p.completion], [6, 3]);
  });

  it('leaves an invoke superseded by its process, or never completed, uncompleted', () => {
    const h = dense([op(0, 'invoke'), op(0, 'invoke'), op(0, 'info'), op(1, 'invoke')]);
    const p = pairOps(h);
    assert.deepEqual([...p.invoke], [0, 1, 3]);
    assert.deepEqual([...p.completion], [-1, 2, -1]);
    const ends: [number, number, boolean][] = [];
    const pairer = new OpPairer((_i, done, s, e) => ends.push([s, e, done !== undefined]));
    for (const o of h) pairer.push(o);
    pairer.finish();
    assert.deepEqual(ends, [
      [0, 1, false],
      [1, 2, true],
      [3, 4, false],
    ]);
  });

  it('rejects a completion with no invoke, naming the event, its index and the file', () => {
    const h = dense([op(0, 'invoke'), op(0, 'ok'), op(0, 'ok')]);
    assert.throws(
      () => pairOps(h, 'h.jsonl'),
      (e: unknown) =>
        isRedcheckError(e) &&
        e.code === 'E_HISTORY_INVALID' &&
        /^h\.jsonl: history event 3 \(index 2\): ok of add by process 0/.test(e.message),
    );
    const pairer = new OpPairer(() => undefined, { file: 'x.edn', lineOf: (pos) => pos + 5 });
    assert.throws(() => pairer.push(op(3, 'fail')), /x\.edn: history line 5: fail of add/);
  });

  it('pairs every op of a well-formed random history exactly once', () => {
    // Small process numbers take the pairer's arrays, others (negative, huge) its Map.
    const proc = fc.oneof(fc.nat(4), fc.constantFrom(-1, 2 ** 21, 2 ** 40));
    fc.assert(
      fc.property(fc.array(fc.tuple(proc, fc.boolean()), { maxLength: 100 }), (steps) => {
        const h: Op[] = [];
        const open = new Set<number>();
        for (const [p, complete] of steps) {
          if (complete && open.has(p)) {
            h.push(op(p, 'ok'));
            open.delete(p);
          } else {
            h.push(op(p, 'invoke'));
            open.add(p);
          }
        }
        const pairs = pairOps(dense(h));
        const invokes = h.filter((o) => o.type === 'invoke').length;
        assert.equal(pairs.count, invokes);
        const used = new Set<number>();
        for (let k = 0; k < pairs.count; k++) {
          const c = pairs.completion[k] as number;
          if (c < 0) continue;
          assert.ok(c > (pairs.invoke[k] as number));
          assert.ok(!used.has(c));
          used.add(c);
        }
        assert.equal(used.size, h.length - invokes);
        const finished: number[] = [];
        const pairer = new OpPairer((_i, done, s, e) => {
          if (e === h.length && done === undefined) finished.push(s);
        });
        for (const o of dense(h)) pairer.push(o);
        pairer.finish();
        assert.deepEqual(
          finished,
          [...finished].sort((x, y) => x - y),
        );
        assert.equal(finished.length, open.size);
      }),
    );
  });

  it('reads process "final" from jsonl; final reads are not client ops', async () => {
    const text =
      '{"index":0,"time":1,"process":"final","type":"invoke","f":"final-read","value":null,"node":"n1"}\n' +
      '{"index":1,"time":2,"process":"final","type":"ok","f":"final-read","value":{"role":"primary","state":null},"node":"n1"}\n';
    const h = await parseHistoryJsonl(text, 'h.jsonl');
    assert.equal(h[1]?.process, 'final');
    assert.equal(h.filter(isClientOp).length, 0);
  });
});

describe('history/faultIntervals', () => {
  const nem = (time: number, f: string, value: unknown = null): Op => ({
    index: 0,
    time,
    process: 'nemesis',
    type: 'info',
    f,
    value,
  });

  it('reads Jepsen start/stop ops and the value fields', () => {
    const h = [
      nem(1, 'start-partition', {
        target: 'primary',
        description: 'n1 | n2 n3',
        verified: true,
      }),
      nem(2, 'failover'),
      nem(3, 'stop-partition'),
      nem(4, 'kill', { target: 'n1' }),
    ];
    assert.deepEqual(faultIntervals(h), [
      {
        fault: 'partition',
        target: 'primary',
        description: 'n1 | n2 n3',
        verified: true,
        start: 1,
        end: 3,
      },
      { fault: 'failover', start: 2, end: 2 },
      { fault: 'kill', target: 'n1', start: 4 },
    ]);
  });

  it('takes op names from a table (the nemesis registry)', () => {
    const ops = {
      start: new Map([['throttle', 'slow-link']]),
      stop: new Map([['unthrottle', 'slow-link']]),
    };
    const h = [nem(1, 'throttle', 'n2'), nem(5, 'unthrottle'), nem(6, 'kill')];
    assert.deepEqual(faultIntervals(h, ops), [
      { fault: 'slow-link', target: 'n2', start: 1, end: 5 },
      { fault: 'kill', start: 6, end: 6 },
    ]);
  });
});
