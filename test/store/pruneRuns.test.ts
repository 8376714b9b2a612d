import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseAge, pruneRuns } from '../../src/store/pruneRuns.js';

const ROOT = join(import.meta.dirname, '..', '..');
const DAY = 86_400_000;
const NOW = Date.UTC(2026, 0, 10, 12, 0, 0);

/** A store with runs started 0..n-1 days before NOW (newest first), latest -> `latest`. */
function storeWith(days: number[], latest: number): { store: string; ids: string[] } {
  const store = mkdtempSync(join(tmpdir(), 'redcheck-prune-'));
  const ids = days.map((d) => {
    const stamp = new Date(NOW - d * DAY).toISOString().replace(/[-:]/g, '').slice(0, 15);
    const id = `${stamp}-ab${d}`;
    mkdirSync(join(store, id, 'nodes', 'n1'), { recursive: true });
    writeFileSync(join(store, id, 'history.jsonl.gz'), 'x'.repeat(1000));
    writeFileSync(join(store, id, 'scenario.json'), '{}');
    return id;
  });
  symlinkSync(ids[latest] as string, join(store, 'latest'));
  mkdirSync(join(store, 'not-a-run')); // no run files: never touched
  return { store, ids };
}

describe('store: pruning old runs (cleanup --store)', () => {
  const made: string[] = [];
  after(() => made.forEach((d) => rmSync(d, { recursive: true, force: true })));

  it('keeps the N newest, says what it removed, and leaves other folders alone', () => {
    const { store, ids } = storeWith([0, 1, 2, 3, 4], 0);
    made.push(store);
    const r = pruneRuns(store, { keepLast: 2, now: NOW });
    assert.deepEqual(r.removed.map((x) => x.run), ids.slice(2));
    assert.ok(r.removed.every((x) => x.bytes >= 1000));
    assert.deepEqual(r.kept, ids.slice(0, 2));
    assert.deepEqual(readdirSync(store).sort(), [...ids.slice(0, 2), 'latest', 'not-a-run'].sort());
  });

  it('never removes the run latest points at, even when it is old', () => {
    const { store, ids } = storeWith([0, 1, 9], 2);
    made.push(store);
    const r = pruneRuns(store, { olderThanMs: 7 * DAY, now: NOW });
    assert.deepEqual(r.removed, []);
    assert.ok(existsSync(join(store, ids[2] as string)));
    const k = pruneRuns(store, { keepLast: 0, now: NOW });
    assert.deepEqual(k.kept, [ids[2]]);
    assert.ok(existsSync(join(store, 'latest', 'scenario.json')), 'latest still resolves');
  });

  it('removes by age, and a dry run removes nothing', () => {
    const { store, ids } = storeWith([0, 3, 8, 10], 0);
    made.push(store);
    const dry = pruneRuns(store, { olderThanMs: parseAge('7d'), now: NOW, dryRun: true });
    assert.deepEqual(dry.removed.map((x) => x.run), ids.slice(2));
    assert.ok(ids.every((id) => existsSync(join(store, id))));
    pruneRuns(store, { olderThanMs: parseAge('7d'), now: NOW });
    assert.ok(!existsSync(join(store, ids[2] as string)) && existsSync(join(store, ids[1] as string)));
  });

  it('refuses bad input with the fix (exit 2 from the CLI)', () => {
    assert.throws(() => pruneRuns('/nonexistent-store', { keepLast: 1 }), /no such folder/);
    assert.throws(() => pruneRuns(tmpdir(), {}), /--keep-last N or --older-than/);
    assert.equal(parseAge('12h'), 12 * 3_600_000);
    assert.throws(() => parseAge('soon'), /not a duration/);
    const { store, ids } = storeWith([0, 1, 2], 0);
    made.push(store);
    const cli = (...args: string[]) =>
      spawnSync(process.execPath, [join(ROOT, 'bin', 'redcheck.js'), 'cleanup', ...args], {
        encoding: 'utf8',
      });
    const bad = cli('--store', store, '--keep-last', 'two');
    assert.equal(bad.status, 2, bad.stderr);
    assert.match(bad.stderr, /--keep-last/);
    const ok = cli('--store', store, '--keep-last', '1');
    assert.equal(ok.status, 0, ok.stderr);
    assert.match(ok.stdout, new RegExp(`removed .*${ids[2]}`));
    assert.match(ok.stdout, /removed 2 runs/);
  });
});
