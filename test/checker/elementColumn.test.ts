import assert from 'node:assert/strict';
import fc from 'fast-check';
import { ElementColumn } from '../../src/checker/setStream/elementColumn.js';

describe('ElementColumn (four bits of flags an element, two a byte)', () => {
  it('keeps each id`s flags apart from its neighbour`s, as a map of ids would', () => {
    const id = fc.oneof(fc.integer({ min: 0, max: 5000 }), fc.integer({ min: -300, max: -1 }));
    const step = fc.oneof(
      fc.record({ op: fc.constant('or' as const), id, bits: fc.integer({ min: 0, max: 15 }) }),
      fc.record({
        op: fc.constant('orDense' as const),
        id: fc.integer({ min: 0, max: 5000 }),
        bits: fc.integer({ min: 0, max: 15 }),
      }),
      fc.record({
        op: fc.constant('put' as const),
        id,
        mask: fc.integer({ min: 0, max: 15 }),
        bits: fc.integer({ min: 0, max: 15 }),
      }),
    );
    fc.assert(
      fc.property(fc.array(step, { maxLength: 200 }), (steps) => {
        const column = new ElementColumn();
        const plain = new Map<number, number>();
        for (const s of steps) {
          const before = plain.get(s.id) ?? 0;
          if (s.op === 'or' || s.op === 'orDense') {
            const got = s.op === 'or' ? column.or(s.id, s.bits) : column.orDense(s.id, s.bits);
            assert.equal(got, before);
            plain.set(s.id, before | s.bits);
          } else {
            const bits = s.bits & s.mask;
            column.put(s.id, s.mask, bits);
            plain.set(s.id, (before & ~s.mask) | bits);
          }
        }
        for (const s of steps) {
          for (const k of [s.id - 1, s.id, s.id + 1]) {
            assert.equal(column.get(k), plain.get(k) ?? 0, `id ${k}`);
          }
        }
      }),
      { seed: 1907, numRuns: 300 },
    );
  });

  it('holds half a byte an element', () => {
    const column = new ElementColumn();
    column.or(1_000_000, 9);
    assert.equal(column.get(1_000_000), 9);
    assert.equal(column.get(999_999), 0);
    assert.ok(column.bytes <= 600_000, `${column.bytes} bytes for a million ids`);
  });
});
