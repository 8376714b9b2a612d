import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isRedcheckError } from '../../src/errors.js';
import { HistoryRules } from '../../src/history/historyRules.js';
import type { HistoryWarning } from '../../src/history/jsonl.js';
import { loadHistory } from '../../src/history/load.js';
import type { Op } from '../../src/history/op.js';

const op = (process: Op['process'], type: Op['type'], f = 'write', time = 0): Op => ({
  index: 0,
  time,
  process,
  type,
  f,
  value: null,
});

describe('history/historyRules', () => {
  it('accepts a well-formed history, nemesis and final reads unchecked', () => {
    const warnings: HistoryWarning[] = [];
    const rules = new HistoryRules('h', (w) => warnings.push(w));
    rules.push(op(0, 'invoke', 'write', 1), 1);
    rules.push(op('nemesis', 'info', 'start', 0), 2);
    rules.push(op(0, 'ok', 'write', 2), 3);
    rules.push(op('final', 'ok', 'final-read', 3), 4);
    rules.finish();
    assert.deepEqual(warnings, []);
    assert.equal(rules.clientEvents, 2);
    assert.equal(rules.allEvents, 4);
  });

  it('shows five warnings of a kind, then counts the rest', () => {
    const warnings: HistoryWarning[] = [];
    const rules = new HistoryRules('h', (w) => warnings.push(w));
    for (let i = 1; i <= 12; i++) rules.push(op(0, 'invoke'), i);
    rules.finish();
    assert.equal(warnings.length, 6);
    assert.match(warnings[5]?.message ?? '', /6 more warnings .*double-invoke.* 11 in all/);
    assert.equal(warnings[5]?.line, 12);
  });

  it('a completion of another f, or with nothing pending, is E_HISTORY_INVALID at its line', () => {
    const rules = new HistoryRules('h.jsonl', undefined);
    rules.push(op(3, 'invoke', 'read'), 7, 1);
    assert.throws(
      () => rules.push(op(3, 'ok', 'cas'), 9, 1),
      (e: unknown) =>
        isRedcheckError(e) &&
        e.code === 'E_HISTORY_INVALID' &&
        /^h\.jsonl:9:1: ok of cas by process 3 completes the invoke of read on line 7/.test(
          e.message,
        ),
    );
    assert.throws(
      () => rules.push(op(4, 'fail'), 10),
      /^RedcheckError: h\.jsonl:10: fail of write by process 4 has no pending invoke/,
    );
  });

  it('reads a FIFO once a writer comes', async function () {
    const dir = mkdtempSync(join(tmpdir(), 'redcheck-fifo-'));
    const fifo = join(dir, 'h.jsonl');
    try {
      try {
        execFileSync('mkfifo', [fifo]);
      } catch (e) {
        // Debian has mkfifo (coreutils): in CI its absence is a failure, not a skip.
        if (process.env.CI === 'true') throw e;
        this.skip();
      }
      const line = '{"index":0,"time":0,"process":0,"type":"invoke","f":"write","value":1}';
      const writer = spawn('sh', ['-c', `sleep 0.3; printf '%s\\n' '${line}' > ${fifo}`]);
      const loaded = await loadHistory(fifo, 'auto', { fifoWaitMs: 30_000 });
      assert.equal(loaded.ops.length, 1);
      writer.kill();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
