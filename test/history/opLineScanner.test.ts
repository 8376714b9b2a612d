import assert from 'node:assert/strict';
import fc from 'fast-check';
import { isRedcheckError } from '../../src/errors.js';
import { parseHistoryJsonl, streamHistory } from '../../src/history/jsonl.js';
import type { Op } from '../../src/history/op.js';
import { opFromJson, opToJson } from '../../src/history/opFromJson.js';
import { OpLineScanner, SKIPPED_OP, skipFinalValues } from '../../src/history/opLineScanner.js';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const FILE = 'h.jsonl';

/** The general decoding of one line: JSON.parse, then opFromJson (throws as the reader does). */
function reference(text: string, index: number, line: number): Op {
  return opFromJson(JSON.parse(text), index, { file: FILE, line, text });
}

function scanText(text: string, index = 0): Op | undefined {
  const b = Buffer.from(text, 'utf8');
  return new OpLineScanner().scan(b, 0, b.length, index);
}

const str = fc.oneof(
  fc.constantFrom('add', 'read', 'final-read', 'n1', 'e12', 'Connection is closed.', ''),
  fc.string({ maxLength: 12 }),
  fc.string({ unit: 'grapheme', maxLength: 6 }),
);
const num = fc.oneof(
  fc.integer({ min: -1000, max: 1e12 }),
  fc.constantFrom(0, -0, 1e15 - 1, 1e15, 2 ** 53, 0.5, 1e-7, 2 ** 60),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
);
const value = fc.oneof(
  fc.constant(null),
  str,
  num,
  fc.boolean(),
  fc.constantFrom('e0', 'e7', 'e01', 'e123456789', 'e1234567890'),
  fc.dictionary(fc.string({ maxLength: 4 }), fc.oneof(str, num), { maxKeys: 3 }),
  fc.array(str, { maxLength: 3 }),
);
const op = fc.record(
  {
    index: fc.nat(1e9),
    time: num,
    process: fc.oneof(fc.integer({ min: -3, max: 50 }), fc.constantFrom('nemesis', 'final')),
    type: fc.constantFrom('invoke', 'ok', 'fail', 'info'),
    f: str,
    value,
    key: str,
    node: str,
    error: str,
  },
  { requiredKeys: ['index', 'time', 'process', 'type', 'f', 'value'] },
);

describe('history/opLineScanner: the fast decoder of the writer-shaped lines', () => {
  it('gives exactly what JSON.parse and opFromJson give, or leaves the line to them (fast-check)', () => {
    let scanned = 0;
    fc.assert(
      fc.property(op, fc.nat(1e6), (o, index) => {
        const text = JSON.stringify(o);
        let want: Op | undefined;
        try {
          want = reference(text, index, 1);
        } catch {
          want = undefined;
        }
        const got = scanText(text, index);
        if (got !== undefined) {
          scanned++;
          assert.ok(want !== undefined, `scanned a line the general decoder refuses: ${text}`);
          assert.deepStrictEqual(got, want, text);
        }
      }),
      { seed: 19, numRuns: 3000 },
    );
    // Enough lines take the fast way for the comparison to mean something.
    assert.ok(scanned > 100, `only ${scanned} lines scanned`);
  });

  it('scans every writer-shaped line (printable ASCII strings, integers), as the general way does (fast-check)', () => {
    const ascii = fc
      .string({
        unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)),
        maxLength: 10,
      })
      .filter((x) => !x.includes('"') && !x.includes('\\'));
    const int = fc.integer({ min: -(10 ** 15) + 1, max: 10 ** 15 - 1 });
    const shaped = fc.record(
      {
        time: int,
        process: fc.oneof(int, fc.constantFrom('nemesis', 'final')),
        type: fc.constantFrom('invoke', 'ok', 'fail', 'info'),
        f: ascii.filter((x) => x !== ''),
        value: fc.oneof(fc.constant(null), ascii, int),
        key: ascii,
        node: ascii,
        error: ascii,
      },
      { requiredKeys: ['time', 'process', 'type', 'f', 'value'] },
    );
    fc.assert(
      fc.property(shaped, fc.nat(1e9), (o, index) => {
        const text = opToJson({ index, ...o });
        const got = scanText(text, index);
        assert.ok(got !== undefined, text);
        assert.deepStrictEqual(got, reference(text, index, 1));
      }),
      { seed: 191, numRuns: 2000 },
    );
  });

  it('scans every line the writer writes for a set run, with the same op as the general way', () => {
    const lines = [
      { time: 5, process: 3, type: 'invoke', f: 'add', value: 'e41' },
      { time: 9, process: 3, type: 'ok', f: 'add', value: 'e41', node: 'n1' },
      {
        time: 9,
        process: 4,
        type: 'info',
        f: 'add',
        value: 'e42',
        node: 'n2',
        error: 'read ECONNRESET',
      },
      { time: 10, process: 'final', type: 'invoke', f: 'final-read', value: null, node: 'n1' },
      { time: 11, process: 0, type: 'ok', f: 'incr', value: -7, key: 'k1' },
    ];
    lines.forEach((l, i) => {
      const text = opToJson({ index: i, ...l } as Op);
      const got = scanText(text, i);
      assert.ok(got !== undefined, text);
      assert.deepStrictEqual(got, reference(text, i, 1));
    });
  });

  it('leaves to the general way what is not exactly the writer shape', () => {
    for (const text of [
      '{"index":0, "time":1,"process":0,"type":"ok","f":"add","value":"e1"}',
      '{"time":1,"index":0,"process":0,"type":"ok","f":"add","value":"e1"}',
      '{"index":0,"time":1.5,"process":0,"type":"ok","f":"add","value":"e1"}',
      '{"index":0,"time":01,"process":0,"type":"ok","f":"add","value":"e1"}',
      '{"index":0,"time":1,"process":0,"type":"ok","f":"add","value":"e\\u0031"}',
      '{"index":0,"time":1,"process":0,"type":"ok","f":"add","value":"é"}',
      '{"index":0,"time":1234567890123456,"process":0,"type":"ok","f":"add","value":1}',
      '{"index":0,"time":1,"process":0,"type":"ok","f":"","value":1}',
      '{"index":0,"time":1,"process":0,"type":"ok","f":"add","value":1,"extra":2}',
      '{"index":0,"time":1,"process":0,"type":"ok","f":"add","value":1}x',
      '{"index":-1,"time":1,"process":0,"type":"ok","f":"add","value":1}',
    ]) {
      assert.equal(scanText(text), undefined, text);
    }
  });

  it('clientOnly: a nemesis op or final read is skipped without being decoded', () => {
    const s = new OpLineScanner({ clientOnly: true });
    const b = Buffer.from(
      '{"index":0,"time":1,"process":"final","type":"ok","f":"final-read","value":{"x":1}}',
    );
    assert.equal(s.scan(b, 0, b.length, 0), SKIPPED_OP);
  });

  it('reads a history of mangled lines as the general decoder does: the same ops, or the same error naming the line (fast-check)', async () => {
    const mangle = fc.record({
      ops: fc.array(op, { minLength: 1, maxLength: 6 }),
      at: fc.nat(),
      cut: fc.nat(3),
      insert: fc.constantFrom('', '"', ',', '}', '\\', ' ', 'x', '1', '\u00e9', '\n'),
    });
    await fc.assert(
      fc.asyncProperty(mangle, async ({ ops, at, cut, insert }) => {
        const text = ops.map((o) => JSON.stringify(o)).join('\n') + '\n';
        // Mangled by code point: a file holds UTF-8, never half a surrogate pair.
        const cps = Array.from(text);
        const p = at % cps.length;
        const bad = cps.slice(0, p).join('') + insert + cps.slice(p + cut).join('');
        // The reference: each non-blank line, JSON.parse then opFromJson.
        let want: Op[] | string;
        try {
          const out: Op[] = [];
          const lines = bad.split('\n');
          lines.forEach((l, i) => {
            if (l.trim() === '') return;
            if (i === lines.length - 1) {
              try {
                JSON.parse(l);
              } catch {
                return; // a truncated last line is ignored
              }
            }
            let raw: unknown;
            try {
              raw = JSON.parse(l);
            } catch {
              throw new Error(`${FILE}:${i + 1}:`);
            }
            out.push(opFromJson(raw, out.length, { file: FILE, line: i + 1, text: l }));
          });
          want = out;
        } catch (e) {
          want =
            /^h\.jsonl:\d+[:]/.exec(
              isRedcheckError(e) ? e.message : String((e as Error).message),
            )?.[0] ?? 'error';
        }
        let got: Op[] | string;
        try {
          got = await parseHistoryJsonl(bad, FILE);
        } catch (e) {
          assert.ok(isRedcheckError(e), String(e));
          assert.equal(e.code, 'E_HISTORY_MALFORMED');
          got = /^h\.jsonl:\d+[:]/.exec(e.message)?.[0] ?? e.message;
        }
        assert.deepStrictEqual(got, want, JSON.stringify(bad));
      }),
      { seed: 1919, numRuns: 1500 },
    );
  });

  it('names the line of a malformed op in a gzip-free file read in byte chunks', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'redcheck-scan-'));
    try {
      const file = join(dir, 'h.jsonl');
      const good = opToJson({
        index: 0,
        time: 1,
        process: 0,
        type: 'invoke',
        f: 'add',
        value: 'e1',
      });
      writeFileSync(file, `${good}\n${good.replace('"type":"invoke"', '"type":"done"')}\n`);
      await assert.rejects(
        async () => {
          for await (const o of streamHistory(file)) void o;
        },
        (e: unknown) =>
          isRedcheckError(e) &&
          e.code === 'E_HISTORY_MALFORMED' &&
          e.message.includes('h.jsonl:2:') &&
          e.message.includes('"type"'),
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('skipFinalValues: a final read keeps its node and time, its value (strings with braces and quotes inside) is stepped over as null', () => {
    const s = new OpLineScanner({ objectValue: skipFinalValues });
    const value = {
      role: 'primary',
      page: 0,
      last: true,
      state: { set: ['e1', '}"]{'], list: [] },
    };
    const text = opToJson({
      index: 0,
      time: 9,
      process: 'final',
      type: 'ok',
      f: 'final-read',
      value,
      node: 'n2',
    });
    const b = Buffer.from(text);
    assert.deepStrictEqual(s.scan(b, 0, b.length, 4), {
      index: 4,
      time: 9,
      process: 'final',
      type: 'ok',
      f: 'final-read',
      value: null,
      node: 'n2',
    });
    const nemesis = opToJson({
      index: 0,
      time: 9,
      process: 'nemesis',
      type: 'info',
      f: 'kill',
      value: { node: 'n1' },
    });
    const nb = Buffer.from(nemesis);
    assert.equal(s.scan(nb, 0, nb.length, 0), undefined);
  });
});
