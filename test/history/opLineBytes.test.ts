import assert from 'node:assert/strict';
import fc from 'fast-check';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { HistoryWriter } from '../../src/history/jsonl.js';
import type { Op } from '../../src/history/op.js';
import { storedOp } from '../../src/history/opFromJson.js';
import { opLineBound, valueJsonOf, writeOpLine } from '../../src/history/opLineBytes.js';

/** Strings JSON escapes or encodes in more than one byte, and plain ones. */
const strange = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary' }), // lone surrogates, control characters
  fc.string({ unit: 'grapheme' }),
  fc.constantFrom(
    '"',
    '\\',
    '\u2028',
    '\u0000\u001f\u007f',
    '\ud800',
    'é'.repeat(40),
    'x'.repeat(40),
  ),
);

const number = fc.oneof(
  fc.integer(),
  fc.maxSafeInteger(),
  fc.double(), // NaN, Infinity, -0, fractions, exponents
  fc.constantFrom(2 ** 53, -(2 ** 53), 1e21, 123456789012, -0),
  // Where the digit writer changes its way: around 10^k, and 10^8 (split in two parts).
  fc
    .tuple(fc.integer({ min: 0, max: 15 }), fc.integer({ min: -2, max: 2 }), fc.boolean())
    .map(([k, d, neg]) => (neg ? -1 : 1) * Math.max(0, 10 ** k + d)),
);

const value = fc.oneof(
  strange,
  number,
  fc.boolean(),
  fc.constant(null),
  fc.constant(undefined),
  fc.jsonValue({ maxDepth: 2 }),
  fc.array(fc.oneof(strange, number)),
  fc.constant(() => 1), // left out by JSON.stringify: the writer's fallback
);

const op = fc.record(
  {
    time: number,
    process: fc.oneof(fc.nat(50), fc.constantFrom('nemesis', 'final', 'probe'), strange),
    type: fc.constantFrom('invoke', 'ok', 'fail', 'info'),
    f: fc.oneof(fc.constantFrom('add', 'read', 'final-read'), strange),
    value,
    key: strange,
    node: strange,
    error: strange,
    redirects: fc.array(
      fc.record({
        kind: fc.constantFrom('MOVED' as const, 'ASK' as const),
        slot: fc.nat(16383),
        from: strange,
        to: strange,
      }),
      { maxLength: 2 },
    ),
  },
  { requiredKeys: ['time', 'process', 'type', 'f'] },
) as fc.Arbitrary<Omit<Op, 'index'>>;

/** What the history held before the byte encoder: JSON.stringify of the stored op. */
const expected = (o: Omit<Op, 'index'>, index: number): string =>
  `${JSON.stringify(storedOp(o, index))}\n`;

describe('history: op lines encoded as bytes', () => {
  it('writeOpLine writes the bytes JSON.stringify writes, within its bound', () => {
    fc.assert(
      fc.property(op, fc.nat(), (o, index) => {
        const valueJson = valueJsonOf(o.value);
        const bound = opLineBound(o, valueJson);
        const want = Buffer.from(expected(o, index));
        if (bound < 0) {
          // Only for what the encoder leaves to JSON.stringify: a value JSON leaves out.
          assert.equal(typeof o.value, 'function');
          return;
        }
        const buf = Buffer.alloc(bound + 8, 0xff);
        const end = writeOpLine(buf, 3, index, o, valueJson);
        assert.ok(end - 3 <= bound, `${end - 3} bytes > bound ${bound}`);
        assert.equal(buf.subarray(3, end).toString('latin1'), want.toString('latin1'));
        assert.equal(buf[end], 0xff, 'nothing written past the end');
      }),
      { seed: 22, numRuns: 3000 },
    );
  });

  describe('HistoryWriter', () => {
    let dir: string;
    before(() => (dir = mkdtempSync(join(tmpdir(), 'redcheck-oplines-'))));
    after(() => rmSync(dir, { recursive: true, force: true }));

    it('the file holds exactly the JSON.stringify lines, plain and gzip, chunks cut anywhere', async () => {
      let run = 0;
      await fc.assert(
        fc.asyncProperty(
          fc.array(op, { maxLength: 40 }),
          fc.constantFrom(50, 300, 4096),
          fc.boolean(),
          async (ops, maxBufferBytes, gz) => {
            const file = join(dir, `h${run++}.jsonl${gz ? '.gz' : ''}`);
            const w = HistoryWriter.open(file, { maxBufferBytes });
            ops.forEach((o, i) => (i % 2 === 0 ? w.record(o) : w.append(o)));
            await w.close();
            const bytes = readFileSync(file);
            // No op: an empty file, gzip or not.
            const text = (gz && bytes.length > 0 ? gunzipSync(bytes) : bytes).toString('latin1');
            const want = Buffer.from(ops.map((o, i) => expected(o, i)).join('')).toString('latin1');
            assert.equal(text, want);
          },
        ),
        { seed: 2222, numRuns: 150 },
      );
    });

    it('a line larger than a chunk goes whole, between the lines around it', async () => {
      const file = join(dir, 'big.jsonl.gz');
      const w = HistoryWriter.open(file, { maxBufferBytes: 100 });
      const big = {
        time: 2,
        process: 'final' as const,
        type: 'ok' as const,
        f: 'r',
        value: 'é'.repeat(70_000),
      };
      const ops = [
        { time: 1, process: 0, type: 'invoke' as const, f: 'add', value: 'e1' },
        big,
        { ...big, value: { state: ['x'.repeat(200_000)] } },
        { time: 3, process: 0, type: 'ok' as const, f: 'add', value: 'e1', node: 'n1' },
      ];
      for (const o of ops) w.record(o);
      await w.close();
      const text = gunzipSync(readFileSync(file)).toString();
      assert.equal(text, ops.map((o, i) => expected(o, i)).join(''));
    });
  });
});
