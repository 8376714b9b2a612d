import assert from 'node:assert/strict';
import fc from 'fast-check';
import { checkLinearizability } from '../../../src/checker/linearizability/index.js';
import { parseInitArgs } from '../../../src/cli/commands/check.js';
import { isRedcheckError } from '../../../src/errors.js';
import { toHistory, type IntervalOp } from './histories.js';

/** Register ops on keys a and b with values 0..3, so an initial value of 0..3 matters. */
const op: fc.Arbitrary<IntervalOp> = fc
  .record({
    f: fc.constantFrom('read', 'write', 'cas'),
    key: fc.constantFrom('a', 'b'),
    a: fc.integer({ min: 0, max: 3 }),
    b: fc.integer({ min: 0, max: 3 }),
    read: fc.constantFrom(null, 0, 1, 2, 3),
    status: fc.constantFrom('ok', 'ok', 'ok', 'info', 'fail'),
    call: fc.integer({ min: 0, max: 50 }),
    len: fc.integer({ min: 0, max: 30 }),
  })
  .map((r): IntervalOp => {
    const input = r.f === 'read' ? null : r.f === 'write' ? r.a : [r.a, r.b];
    const output = r.f === 'read' ? r.read : input;
    return {
      f: r.f,
      key: r.key,
      input,
      output,
      status: r.status,
      call: r.call,
      ret: r.call + r.len,
    };
  });

const initial = fc.constantFrom<number | string | null>(null, 0, 1, 2, 3, 'x');

/** A completed write of `v` to `key` before every other op. */
const writeFirst = (key: string, v: unknown): IntervalOp => ({
  f: 'write',
  key,
  input: v,
  output: v,
  status: 'ok',
  call: -3,
  ret: -2,
});

describe('linearizability: the initial value (--init)', () => {
  for (const model of ['cas-register', 'etcd']) {
    it(`${model}: init v is the same as a completed write v before every op, per key`, async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.array(op, { minLength: 1, maxLength: 9 }),
          initial,
          initial,
          async (ops, v, vb) => {
            const withInit = await checkLinearizability(toHistory(ops), {
              model,
              init: v,
              initByKey: { b: vb },
            });
            const prepended = await checkLinearizability(
              toHistory([writeFirst('a', v), writeFirst('b', vb), ...ops]),
              { model },
            );
            assert.equal(withInit.valid, prepended.valid);
          },
        ),
        { numRuns: 400 },
      );
    });
  }

  it('a history that starts at 0 is linearizable with init 0, not without', async () => {
    // cas [0 4] of unknown outcome, then a read of 4: Knossos's (cas-register 0) says valid
    const ops: IntervalOp[] = [
      { f: 'cas', input: [0, 4], output: [0, 4], status: 'info', call: 0, ret: undefined },
      { f: 'read', input: null, output: 4, status: 'ok', call: 1, ret: 2 },
    ];
    const h = toHistory(ops);
    assert.equal((await checkLinearizability(h, { model: 'cas-register' })).valid, false);
    const r = await checkLinearizability(h, { model: 'cas-register', init: 0 });
    assert.equal(r.valid, true);
    assert.equal(r.init, 0);
  });

  const rejects = async (p: Promise<unknown>, code: string, re: RegExp): Promise<void> => {
    await assert.rejects(p, (e) => isRedcheckError(e) && e.code === code && re.test(e.message));
  };

  it('a model without an initial value, or a value a register cannot hold: E_OPTION_INVALID', async () => {
    const h = toHistory([]);
    await rejects(
      checkLinearizability(h, { model: 'kv', init: 0 }),
      'E_OPTION_INVALID',
      /model kv has no initial value/,
    );
    await rejects(
      checkLinearizability(h, { model: 'cas-register', init: [1] as unknown as number }),
      'E_OPTION_INVALID',
      /must be a number, a string or nil, got \[1\]/,
    );
  });

  it('--init parses JSON, bare strings and key=value', () => {
    assert.deepEqual(parseInitArgs(['0']), { init: 0 });
    assert.deepEqual(parseInitArgs(['abc']), { init: 'abc' });
    assert.deepEqual(parseInitArgs(['null', 'k1=5', 'k2=x']), {
      init: null,
      initByKey: { k1: 5, k2: 'x' },
    });
    assert.throws(() => parseInitArgs(['{"a":1}']), /a number, a string or null/);
  });
});
