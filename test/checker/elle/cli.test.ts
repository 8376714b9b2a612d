import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '..', '..', '..');
const BIN = join(ROOT, 'bin', 'redcheck.js');
const F = (name: string): string => join('test', 'fixtures', 'elle', name);

function check(...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, 'check', ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('redcheck check --model list-append (CLI)', () => {
  it('exit 0 for a valid history, picked by its ops (all txn) without --model', () => {
    const r = check(F('serial-ok.jsonl'));
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /valid under strict-serializable/);
  });

  it('exit 1 and the cycle explained for the paper example; --json lists anomalies by class', () => {
    const r = check('--model', 'list-append', F('paper-g-single.edn'));
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stdout, /NOT strict-serializable: G-single x1/);
    assert.match(r.stdout, /T7 < T3 < T5 < T7/);
    const j = check('--json', F('paper-g-single.edn'));
    assert.equal(j.code, 1, j.stderr);
    const line = JSON.parse(j.stdout.trim()) as {
      valid: unknown;
      model: string;
      anomalyTypes: string[];
      anomalies: Record<string, { txns: { name: string }[]; edges: unknown[] }[]>;
    };
    assert.equal(line.valid, false);
    assert.equal(line.model, 'list-append');
    assert.deepEqual(line.anomalyTypes, ['G-single']);
    assert.deepEqual(
      line.anomalies['G-single']?.[0]?.txns.map((t) => t.name),
      ['T7', 'T3', 'T5'],
    );
  });

  it('--consistency-model decides: write skew passes snapshot isolation, fails serializable', () => {
    assert.equal(check('--consistency-model', 'snapshot-isolation', F('write-skew.edn')).code, 0);
    assert.equal(check('--consistency-model', 'serializable', F('write-skew.edn')).code, 1);
    const stale = F('stale-read.jsonl');
    assert.equal(check('--model', 'list-append', stale).code, 1);
    assert.equal(
      check('--model', 'list-append', '--consistency-model', 'serializable', stale).code,
      0,
    );
  });

  it('exit 3 when only unknown findings (a single transaction: no dependency at all)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'redcheck-elle-'));
    try {
      const file = join(dir, 'one.jsonl');
      writeFileSync(
        file,
        '{"process":0,"type":"invoke","f":"txn","value":[["append",1,1]]}\n{"process":0,"type":"ok","f":"txn","value":[["append",1,1]]}\n',
      );
      const r = check('--model', 'list-append', file);
      assert.equal(r.code, 3, r.stdout + r.stderr);
      assert.match(
        r.stdout,
        /unknown under strict-serializable: found only empty-transaction-graph/,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('exit 2 with file:line for bad input and for an unknown consistency model', () => {
    for (const [file, what] of [
      ['unknown-mop.edn', /unknown-mop\.edn:3: micro-op 1: unknown micro-op "w"/],
      ['read-not-list.jsonl', /read-not-list\.jsonl:4: micro-op 1: a read must be null or a list/],
      ['malformed.edn', /malformed\.edn:4: micro-op 1: expected \["append", key, value\]/],
    ] as const) {
      const r = check(F(file));
      assert.equal(r.code, 2, file);
      assert.match(r.stderr, what);
      assert.doesNotMatch(r.stderr, /^\s+at /m);
    }
    const bad = check('--consistency-model', 'causal', F('serial-ok.jsonl'));
    assert.equal(bad.code, 2);
    assert.match(
      bad.stderr,
      /--consistency-model causal: unknown model; known: strict-serializable/,
    );
  });
});
