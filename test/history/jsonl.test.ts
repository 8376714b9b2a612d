import assert from 'node:assert/strict';
import fc from 'fast-check';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isRedcheckError } from '../../src/errors.js';
import {
  HistoryWriter,
  parseHistoryJsonl,
  readHistory,
  type HistoryWarning,
} from '../../src/history/jsonl.js';
import type { Op } from '../../src/history/op.js';

const line = (o: Record<string, unknown>): string => JSON.stringify(o);
const inv = { index: 0, time: 1, process: 0, type: 'invoke', f: 'write', value: 1 };
const ok = { index: 1, time: 2, process: 0, type: 'ok', f: 'write', value: 1 };

async function rejectsWith(p: Promise<unknown>, code: string, pattern: RegExp): Promise<void> {
  await assert.rejects(p, (e: unknown) => {
    assert.ok(isRedcheckError(e), `expected RedcheckError, got ${String(e)}`);
    assert.equal(e.code, code);
    assert.match(e.message, pattern);
    return true;
  });
}

describe('history/jsonl reader', () => {
  let dir: string;
  before(() => (dir = mkdtempSync(join(tmpdir(), 'redcheck-jsonl-'))));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('reads ops in file order with dense indexes', async () => {
    const file = join(dir, 'a.jsonl');
    writeFileSync(file, `${line(inv)}\n\n${line({ ...ok, index: 7 })}\n`);
    const ops = await readHistory(file);
    assert.deepEqual(
      ops.map((o) => [o.index, o.type]),
      [
        [0, 'invoke'],
        [1, 'ok'],
      ],
    );
  });

  it('ignores a truncated last line with a warning', async () => {
    const file = join(dir, 'trunc.jsonl');
    writeFileSync(file, `${line(inv)}\n${line(ok)}\n{"index":2,"time":3,"pro`);
    const warnings: HistoryWarning[] = [];
    const ops = await readHistory(file, { onWarning: (w) => warnings.push(w) });
    assert.equal(ops.length, 2);
    assert.equal(warnings.length, 1);
    assert.equal(warnings[0]?.line, 3);
    assert.match(warnings[0]?.message ?? '', /truncated/);
  });

  it('accepts a complete last line without newline', async () => {
    const ops = await parseHistoryJsonl(`${line(inv)}\n${line(ok)}`, 'x.jsonl');
    assert.equal(ops.length, 2);
  });

  it('reports invalid JSON in the middle with file:line', async () => {
    await rejectsWith(
      parseHistoryJsonl(`${line(inv)}\n{oops\n${line(ok)}\n`, 'h.jsonl'),
      'E_HISTORY_MALFORMED',
      /^h\.jsonl:2:2: expected one JSON op object/,
    );
  });

  it('reports a truncated line that does end in a newline', async () => {
    await rejectsWith(
      parseHistoryJsonl(`${line(inv)}\n{"index":\n`, 'h.jsonl'),
      'E_HISTORY_MALFORMED',
      /^h\.jsonl:2:/,
    );
  });

  const badFields: [Record<string, unknown>, RegExp][] = [
    [
      { ...inv, type: 'done' },
      /field "type": expected one of "invoke", "ok", "fail", "info", found "done"/,
    ],
    [
      { ...inv, process: 'x' },
      /field "process": expected an integer, "nemesis", "final" or "probe"/,
    ],
    [{ ...inv, f: 3 }, /field "f": expected a non-empty string, found 3/],
    [{ ...inv, time: 'now' }, /h\.jsonl:1:\d+: field "time": expected a finite number/],
    [{ ...inv, index: -1 }, /field "index": expected a non-negative integer/],
    [{ ...inv, node: 5 }, /field "node": expected a string/],
  ];
  for (const [op, pattern] of badFields) {
    it(`rejects ${JSON.stringify(op)}`, async () => {
      await rejectsWith(
        parseHistoryJsonl(`${line(op)}\n`, 'h.jsonl'),
        'E_HISTORY_MALFORMED',
        pattern,
      );
    });
  }

  it('rejects a JSON value that is not an object', async () => {
    await rejectsWith(
      parseHistoryJsonl('[1,2]\n', 'h.jsonl'),
      'E_HISTORY_MALFORMED',
      /h\.jsonl:1:1: expected an op/,
    );
  });

  it('says when the file does not exist', async () => {
    await rejectsWith(
      readHistory(join(dir, 'missing.jsonl')),
      'E_HISTORY_UNREADABLE',
      /no such file/,
    );
  });

  it('handles lines split across stream chunks and multi-byte text', async () => {
    const file = join(dir, 'big.jsonl');
    const lines: string[] = [];
    for (let i = 0; i < 20000; i++) {
      lines.push(
        line({ index: i, time: i, process: i % 5, type: 'ok', f: 'write', value: `é${i}` }),
      );
    }
    writeFileSync(file, lines.join('\n') + '\n');
    const ops = await readHistory(file);
    assert.equal(ops.length, 20000);
    assert.equal(ops[19999]?.value, 'é19999');
  });
});

describe('history/jsonl HistoryWriter', () => {
  let dir: string;
  before(() => (dir = mkdtempSync(join(tmpdir(), 'redcheck-writer-'))));
  after(() => rmSync(dir, { recursive: true, force: true }));

  const base: Omit<Op, 'index'> = { time: 5, process: 1, type: 'invoke', f: 'read', value: null };

  it('assigns dense indexes and round-trips through the reader', async () => {
    const file = join(dir, 'w.jsonl');
    const w = HistoryWriter.open(file);
    const a = w.append(base);
    const b = w.append({ ...base, index: 99, type: 'ok', value: 3, node: 'n1' });
    const c = w.append({ ...base, process: 'nemesis', f: 'start', value: { fault: 'kill' } });
    await w.close();
    assert.deepEqual([a.index, b.index, c.index], [0, 1, 2]);
    assert.deepEqual(await readHistory(file), [a, b, c]);
  });

  it('reads back exactly the ops append returned, whatever their values', async () => {
    const json = fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.parse(JSON.stringify(v)) as unknown);
    const opInput = fc.record(
      {
        time: fc.nat(),
        process: fc.oneof(fc.nat(50), fc.constantFrom('nemesis', 'final')),
        type: fc.constantFrom('invoke', 'ok', 'fail', 'info'),
        f: fc.constantFrom('add', 'read', 'cas', 'txn', 'start'),
        value: fc.option(json, { nil: undefined }),
        key: fc.string(),
        node: fc.constantFrom('n1', 'n2'),
        error: fc.string(),
      },
      { requiredKeys: ['time', 'process', 'type', 'f'] },
    );
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(opInput, { maxLength: 30 }), async (inputs) => {
        const file = join(dir, `kept-${run++}.jsonl`);
        const w = HistoryWriter.open(file);
        const recorded = inputs.map((o) => w.append(o as Omit<Op, 'index'>));
        await w.close();
        assert.deepEqual(recorded, await readHistory(file));
      }),
      { numRuns: 60 },
    );
  });

  it('writes appended ops to disk on flush(), before close', async () => {
    const file = join(dir, 'f.jsonl');
    const w = HistoryWriter.open(file, { flushIntervalMs: 1000 });
    w.append(base);
    w.append({ ...base, type: 'ok', value: 1 });
    assert.equal(readFileSync(file, 'utf8'), '', 'buffered before flush');
    w.flush();
    assert.equal((await readHistory(file)).length, 2);
    await w.close();
  });

  it('flushes by itself within the flush interval', async () => {
    const file = join(dir, 'timer.jsonl');
    const w = HistoryWriter.open(file, { flushIntervalMs: 20 });
    w.append(base);
    // Wait for the file to change rather than asserting on timing.
    while (readFileSync(file, 'utf8') === '') await new Promise((r) => setTimeout(r, 5));
    assert.equal((await readHistory(file)).length, 1);
    await w.close();
  });

  it('flushes at once when the buffer is full', async () => {
    const file = join(dir, 'full.jsonl');
    const w = HistoryWriter.open(file, { flushIntervalMs: 1000, maxBufferBytes: 100 });
    for (let i = 0; i < 10; i++) w.append({ ...base, value: i });
    assert.ok((await readHistory(file)).length >= 9);
    await w.close();
    assert.equal((await readHistory(file)).length, 10);
  });

  it('writes what was appended when the process exits without close()', () => {
    const file = join(dir, 'exit.jsonl');
    const writer = join(import.meta.dirname, '..', '..', 'src', 'history', 'jsonl.ts');
    const script = `
      const { HistoryWriter } = await import(${JSON.stringify(writer)});
      const w = HistoryWriter.open(${JSON.stringify(file)}, { flushIntervalMs: 1000 });
      w.append({ time: 1, process: 0, type: 'invoke', f: 'read', value: null });
      w.append({ time: 2, process: 0, type: 'ok', f: 'read', value: 5 });
      process.exit(7);`;
    const r = spawnSync(
      process.execPath,
      ['--import', 'tsx', '--input-type=module', '-e', script],
      {
        encoding: 'utf8',
      },
    );
    assert.equal(r.status, 7, r.stderr);
    return readHistory(file).then((ops) => assert.equal(ops.length, 2));
  });

  it('refuses appends after close and out-of-range intervals', async () => {
    const w = HistoryWriter.open(join(dir, 'c.jsonl'));
    await w.close();
    await w.close();
    assert.throws(() => w.append(base), /closed/);
    assert.throws(
      () => HistoryWriter.open(join(dir, 'x.jsonl'), { flushIntervalMs: 5000 }),
      /out of range/,
    );
  });
});
