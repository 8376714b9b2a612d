import assert from 'node:assert/strict';
import fc from 'fast-check';
import { decodeJsonl } from '../../src/history/jsonl.js';
import type { Op } from '../../src/history/op.js';
import { opToJson } from '../../src/history/opFromJson.js';
import { ScannedSetState, setPageScanner } from '../../src/checker/setStream/setPageScanner.js';

async function ops(text: string, scan: boolean): Promise<Op[]> {
  const out: Op[] = [];
  const options = scan ? { objectValue: setPageScanner('final-read') } : {};
  for await (const op of decodeJsonl([text], 'h.jsonl', options)) out.push(op);
  return out;
}

/** The op with a scanned state turned back into string arrays. */
function plain(op: Op): Op {
  const v = op.value as Record<string, unknown> | null;
  if (v === null || !(v.state instanceof ScannedSetState)) return op;
  const { set, list } = v.state;
  return {
    ...op,
    value: {
      ...v,
      state: { set: ScannedSetState.strings(set), list: ScannedSetState.strings(list) },
    },
  };
}

const element = fc.oneof(
  fc.nat(2e9).map((n) => `e${n}`),
  fc.constantFrom(
    'e0',
    'e01',
    'e',
    'e123456789',
    'e999999999',
    'e1073741824',
    'x',
    '',
    'e1"',
    'e\\',
  ),
  fc.string({ maxLength: 5 }),
  fc.string({ unit: 'grapheme', maxLength: 3 }),
);

describe('checker/setStream/setPageScanner: final-read pages from bytes', () => {
  it('gives the elements and fields JSON.parse gives, for pages as the run writes them (fast-check)', async () => {
    const page = fc.record(
      {
        role: fc.constantFrom('primary', 'replica'),
        shard: fc.constantFrom('s1', 's2'),
        slots: fc.array(fc.tuple(fc.nat(16383), fc.nat(16383)), { maxLength: 2 }),
        page: fc.nat(100),
        last: fc.boolean(),
        state: fc.record({
          set: fc.array(element, { maxLength: 20 }),
          list: fc.array(element, { maxLength: 20 }),
        }),
      },
      { requiredKeys: ['role', 'page', 'last', 'state'] },
    );
    let scanned = 0;
    await fc.assert(
      fc.asyncProperty(page, async (value) => {
        const text = opToJson({
          index: 0,
          time: 7,
          process: 'final',
          type: 'ok',
          f: 'final-read',
          value,
          node: 'n1',
        });
        const fast = await ops(text, true);
        const general = await ops(text, false);
        if ((fast[0]?.value as { state?: unknown }).state instanceof ScannedSetState) scanned++;
        assert.deepStrictEqual(fast.map(plain), general);
      }),
      { seed: 1901, numRuns: 1500 },
    );
    assert.ok(scanned > 1000, `only ${scanned} pages scanned`);
  });

  it('leaves any other value to the general way (a field after the state, spaces, a number in the set)', async () => {
    for (const value of [
      '{"role":"primary","state":{"set":["e1"],"list":["e1"]},"page":0}',
      '{"role":"primary","state":{"set":["e1"], "list":["e1"]}}',
      '{"role":"primary","state":{"set":[1],"list":[]}}',
      '{"role":"primary","state":{"list":[],"set":[]}}',
    ]) {
      const text = `{"index":0,"time":1,"process":"final","type":"ok","f":"final-read","value":${value}}`;
      const [op] = await ops(text, true);
      assert.ok(!((op?.value as { state?: unknown }).state instanceof ScannedSetState), value);
      assert.deepStrictEqual(op, (await ops(text, false))[0]);
    }
  });
});
