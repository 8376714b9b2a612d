import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HistoryWriter, readHistory } from '../../src/history/jsonl.js';
import type { Op } from '../../src/history/op.js';

describe('history: a gzip writer`s backlog is bounded for a producer that waits on writable()', () => {
  let dir: string;
  before(() => (dir = mkdtempSync(join(tmpdir(), 'redcheck-backlog-'))));
  after(() => rmSync(dir, { recursive: true, force: true }));

  /** A final-read-like line of about 60 KB. */
  const big = (n: number): Omit<Op, 'index'> => ({
    process: 'final',
    type: 'ok',
    f: 'final-read',
    node: 'n1',
    time: n,
    value: { page: n, state: { set: Array.from({ length: 6000 }, (_, i) => `e${n * 6000 + i}`) } },
  });

  it('queues without bound when nobody waits, and writable() waits until the queue is under its bound', async () => {
    const file = join(dir, 'h.jsonl.gz');
    const w = HistoryWriter.open(file, { maxBufferBytes: 64 * 1024 });
    const ops: Op[] = [];
    // Appended in one go: no compression can finish in between, so every flush is queued.
    for (let n = 0; n < 100; n++) ops.push(w.append(big(n)));
    assert.ok(w.backlogBytes > 4 << 20, `backlog ${w.backlogBytes} B after 100 pages`);
    await w.writable(256 * 1024);
    assert.ok(w.backlogBytes <= 256 * 1024, `backlog ${w.backlogBytes} B after writable()`);
    // A producer that waits after each page never has more than its bound (plus one page) queued.
    let most = 0;
    for (let n = 100; n < 200; n++) {
      ops.push(w.append(big(n)));
      most = Math.max(most, w.backlogBytes);
      await w.writable(256 * 1024);
    }
    assert.ok(most <= 256 * 1024 + 128 * 1024, `at most ${most} B queued while waiting`);
    await w.close();
    assert.equal(w.backlogBytes, 0);
    await w.writable(0); // closed: at once
    assert.deepEqual(await readHistory(file), ops);
  });

  it('resolves at once for a plain history', async () => {
    const w = HistoryWriter.open(join(dir, 'h.jsonl'));
    for (let n = 0; n < 20; n++) w.append(big(n));
    assert.equal(w.backlogBytes, 0);
    await w.writable(0);
    await w.close();
  });
});
