import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  evaluateExpectation,
  ExpectationSyntaxError,
  isKnownMeasure,
  parseExpectation,
} from '../../src/suite/index.js';

describe('suite expectations', () => {
  it('parses comparisons joined by and', () => {
    const e = parseExpectation('set.lost > 0 and set.partial == 0 and valid == unknown');
    assert.deepEqual(e.all, [
      { name: 'set.lost', op: '>', value: 0 },
      { name: 'set.partial', op: '==', value: 0 },
      { name: 'valid', op: '==', value: 'unknown' },
    ]);
    assert.deepEqual(parseExpectation('lossWindowMs <= 2000.5').all, [
      { name: 'lossWindowMs', op: '<=', value: 2000.5 },
    ]);
    assert.deepEqual(parseExpectation('linearizable.valid != true').all, [
      { name: 'linearizable.valid', op: '!=', value: true },
    ]);
  });

  for (const [text, message] of [
    ['', /expected a name/],
    ['set.lost', /expected one of == != < <= > >= at the end/],
    ['set.lost >', /expected a value/],
    ['set.lost >> 0', /expected a number, true, false or unknown at column 11/],
    ['set.lost = 0', /unexpected "= 0" at column 10/],
    ['set.lost > 0 or valid == true', /expected "and" or the end at column 14, found "or"/],
    ['valid < true', /< compares numbers only/],
    ['0 < set.lost', /expected a name such as set.lost at column 1, found "0"/],
    ['set.lots > 0', /unknown name "set.lots"/],
  ] as const) {
    it(`rejects ${JSON.stringify(text)} saying what was expected`, () => {
      assert.throws(
        () => parseExpectation(text, isKnownMeasure),
        (e: unknown) => e instanceof ExpectationSyntaxError && message.test(e.message),
      );
    });
  }

  it('knows every checker field and the derived measures', () => {
    for (const n of [
      'set.lost',
      'set.lostPercent',
      'linearizable.valid',
      'stats.total',
      'failoverMs',
      'valid',
    ]) {
      assert.ok(isKnownMeasure(n), n);
    }
    assert.ok(!isKnownMeasure('set.lostWrites'));
  });

  it('evaluates: false wins over unknown, a missing value is not-measured', () => {
    const e = parseExpectation('set.lost > 0 and linearizable.valid == true');
    assert.equal(evaluateExpectation(e, { 'set.lost': 3, 'linearizable.valid': true }).holds, true);
    assert.equal(
      evaluateExpectation(e, { 'set.lost': 0, 'linearizable.valid': 'unknown' }).holds,
      false,
    );
    assert.equal(
      evaluateExpectation(e, { 'set.lost': 3, 'linearizable.valid': 'unknown' }).holds,
      'unknown',
    );
    const missing = evaluateExpectation(e, { 'set.lost': 3 });
    assert.equal(missing.holds, 'not-measured');
    assert.deepEqual(missing.measured, { 'set.lost': 3, 'linearizable.valid': null });
    assert.equal(
      evaluateExpectation(parseExpectation('valid == unknown'), { valid: 'unknown' }).holds,
      true,
    );
  });

  it('compares numbers as JavaScript does (property)', () => {
    const ops = ['==', '!=', '<', '<=', '>', '>='] as const;
    const js = {
      '==': (a: number, b: number) => a === b,
      '!=': (a: number, b: number) => a !== b,
      '<': (a: number, b: number) => a < b,
      '<=': (a: number, b: number) => a <= b,
      '>': (a: number, b: number) => a > b,
      '>=': (a: number, b: number) => a >= b,
    };
    fc.assert(
      fc.property(
        fc.integer({ min: -1000, max: 1000 }),
        fc.integer({ min: -1000, max: 1000 }),
        fc.constantFrom(...ops),
        (x, c, op) => {
          const e = parseExpectation(`set.lost ${op} ${c}`);
          return evaluateExpectation(e, { 'set.lost': x }).holds === js[op](x, c);
        },
      ),
    );
  });
});
