import assert from 'node:assert/strict';
import fc from 'fast-check';
import { LOSS_CAUSES, lostWriteColumnsOf } from '../../src/checker/lossCauses/index.js';
import type { LossSample } from '../../src/checker/lossCauses/lossCausesResult.js';
import { sampleEvenly } from '../../src/checker/lossCauses/sampleEvenly.js';
import type { LostWriteColumns } from '../../src/checker/setStream/lostWriteColumns.js';

/** The plain way: every row of a cause in an array, sorted by time (stable), ranks taken. */
function sampleBySorting(lost: LostWriteColumns, causeOf: Uint8Array, per: number): LossSample[] {
  const out: LossSample[] = [];
  if (per <= 0) return out;
  LOSS_CAUSES.forEach((cause, c) => {
    const rows: number[] = [];
    for (let i = 0; i < lost.count; i++) if (causeOf[i] === c) rows.push(i);
    if (rows.length === 0) return;
    const n = rows.length;
    rows.sort((a, b) => lost.ackTimeAt(a) - lost.ackTimeAt(b));
    const take = Math.min(per, n);
    for (let s = 0; s < take; s++) {
      const i = rows[take === 1 ? 0 : Math.round((s * (n - 1)) / (take - 1))] as number;
      const node = lost.nodeNames[lost.node[i] as number];
      out.push({
        element: lost.elementName(i),
        ack: lost.ackTimeAt(i),
        ...(node === undefined ? {} : { node }),
        cause,
      });
    }
  });
  return out.sort((a, b) => a.ack - b.ack);
}

describe('sampleEvenly (loss-cause samples without an array of the rows)', () => {
  it('takes the same writes as sorting every row of a cause, times in order or not, ties included', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            // Few distinct times: many ties.
            ack: fc.integer({ min: 0, max: 30 }),
            cause: fc.integer({ min: 0, max: LOSS_CAUSES.length - 1 }),
            node: fc.constantFrom('n1', 'n2', undefined),
          }),
          { maxLength: 300 },
        ),
        fc.boolean(),
        fc.integer({ min: 0, max: 40 }),
        (rows, inOrder, per) => {
          const sorted = inOrder ? [...rows].sort((a, b) => a.ack - b.ack) : rows;
          const lost = lostWriteColumnsOf(
            sorted.map((r, i) => ({
              element: i % 7 === 3 ? `x${i}` : `e${i}`,
              ack: r.ack * 1e6,
              ...(r.node === undefined ? {} : { node: r.node }),
            })),
          );
          const causeOf = Uint8Array.from(sorted.map((r) => r.cause));
          assert.deepEqual(sampleEvenly(lost, causeOf, per), sampleBySorting(lost, causeOf, per));
        },
      ),
      { seed: 1906, numRuns: 400 },
    );
  });

  it('takes the first and the last of each cause', () => {
    const lost = lostWriteColumnsOf(
      [5, 1, 4, 2, 3, 9].map((t, i) => ({ element: `e${i}`, ack: t, node: 'n1' })),
    );
    const s = sampleEvenly(lost, new Uint8Array(6), 2);
    assert.deepEqual(
      s.map((x) => [x.element, x.ack]),
      [
        ['e1', 1],
        ['e5', 9],
      ],
    );
  });
});
