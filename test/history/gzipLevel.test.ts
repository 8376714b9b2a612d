import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BULK_GZIP_LEVEL } from '../../src/history/historyWriter.js';
import { HistoryWriter, readHistory } from '../../src/history/jsonl.js';
import type { Op } from '../../src/history/op.js';

/** A final-read page as the runner appends it: many short elements on one line. */
function page(node: string, n: number, from: number): Omit<Op, 'index'> {
  const set = Array.from({ length: 5000 }, (_, i) => `e${(from + i) * 7919}`);
  return {
    process: 'final',
    type: 'ok',
    f: 'final-read',
    node,
    time: n,
    value: { role: 'primary', page: n, last: false, state: { set, list: set } },
  };
}

describe('history: gzip level for bulk lines', () => {
  let dir: string;
  before(() => (dir = mkdtempSync(join(tmpdir(), 'redcheck-gzlevel-'))));
  after(() => rmSync(dir, { recursive: true, force: true }));

  /** Write 20 pages (ops first, then `setGzipLevel(level)` when given) and read them back. */
  async function write(name: string, level?: number): Promise<{ file: string; ops: Op[] }> {
    const file = join(dir, name);
    const w = HistoryWriter.open(file);
    const ops: Op[] = [w.append({ process: 1, type: 'invoke', f: 'add', value: 'e1', time: 1 })];
    if (level !== undefined) w.setGzipLevel(level);
    for (let n = 0; n < 20; n++) ops.push(w.append(page('n1', n, n * 5000)));
    await w.close();
    return { file, ops };
  }

  it('a history whose level changed midway reads back whole, with zcat too', async () => {
    const { file, ops } = await write('mixed.jsonl.gz', BULK_GZIP_LEVEL);
    assert.deepEqual(await readHistory(file), ops);
    const text = execFileSync('zcat', [file], { maxBuffer: 1 << 28 }).toString();
    assert.equal(text.split('\n').length - 1, ops.length);
  });

  it('a lower level writes the same ops in more bytes than a higher one (it is applied)', async () => {
    const fast = await write('fast.jsonl.gz', 1);
    const best = await write('best.jsonl.gz', 9);
    assert.deepEqual(await readHistory(fast.file), await readHistory(best.file));
    assert.ok(
      statSync(fast.file).size > statSync(best.file).size,
      `level 1 ${statSync(fast.file).size} B, level 9 ${statSync(best.file).size} B`,
    );
  });

  it('refuses a level outside 1-9, naming it', async () => {
    const w = HistoryWriter.open(join(dir, 'bad.jsonl.gz'));
    try {
      for (const level of [0, 10, 2.5]) {
        assert.throws(
          () => w.setGzipLevel(level),
          new RegExp(`gzip level ${level} is out of range`),
        );
      }
    } finally {
      await w.close();
    }
  });
});
