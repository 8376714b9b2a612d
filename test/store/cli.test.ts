import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeSyntheticRun } from '../reports/syntheticRun.js';

const ROOT = join(import.meta.dirname, '..', '..');
const BIN = join(ROOT, 'bin', 'redcheck.js');

function redcheck(...args: string[]): { code: number | null; out: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: r.status, out: r.stdout + r.stderr };
}

function assertNoStack(out: string): void {
  assert.doesNotMatch(out, /^\s+at .+:\d+:\d+\)?$/m, 'no stack trace');
  assert.doesNotMatch(out, /internal error/);
}

describe('report and compare on a run whose results.json does not match the schema (CLI)', () => {
  let dir: string;
  let good: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'redcheck-store-cli-'));
    good = join(dir, 'good');
    writeSyntheticRun(good, { events: 300 });
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  function badRun(name: string, results: string): string {
    const run = join(dir, name);
    writeSyntheticRun(run, { events: 300 });
    writeFileSync(join(run, 'results.json'), results);
    return run;
  }

  const cases: [string, string, RegExp][] = [
    ['corrupt', '{"schemaVersion":1,', /results\.json is not valid JSON/],
    ['string-checkers', '{"schemaVersion":1,"checkers":"set"}', /field run: missing/],
    ['no-version', '{"valid":false,"checkers":null}', /field schemaVersion: missing/],
    ['future', '{"schemaVersion":99}', /field schemaVersion: 99 was written by a newer redcheck/],
  ];
  for (const [name, text, message] of cases) {
    it(`${name}: report and compare exit 2, name the file and the field, no stack trace`, () => {
      const run = badRun(name, text);
      for (const args of [['report', run], ['compare', good, run, '--out', join(dir, 'c.html')]]) {
        const r = redcheck(...args);
        assert.equal(r.code, 2, r.out);
        assert.ok(r.out.includes(join(run, 'results.json')), r.out);
        assert.match(r.out, message);
        assert.match(r.out, /fix: /);
        assertNoStack(r.out);
      }
    });
  }

  it('check <run-dir> --report reads the run through the store: a bad results.json exits 2', () => {
    const run = badRun('check-report', '{"schemaVersion":1,"checkers":[]}');
    const r = redcheck('check', run, '--report', join(dir, 'check.html'));
    assert.equal(r.code, 2, r.out);
    assert.ok(r.out.includes(join(run, 'results.json')), r.out);
    assert.match(r.out, /field run: missing/);
    assertNoStack(r.out);
  });

  it('a good run is written', () => {
    const r = redcheck('report', good);
    assert.equal(r.code, 0, r.out);
    assert.match(r.out, /report\.html/);
  });
});
