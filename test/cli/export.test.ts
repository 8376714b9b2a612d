import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { exportHistory } from '../../src/cli/commands/export.js';
import { parseJepsenEdn } from '../../src/history/jepsen.js';
import { loadHistory, parseHistoryText } from '../../src/history/load.js';
import type { Op } from '../../src/history/op.js';
import { opToJson } from '../../src/history/opFromJson.js';

const ROOT = join(import.meta.dirname, '..', '..');
const BIN = join(ROOT, 'bin', 'redcheck.js');

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function redcheck(...args: string[]): Run {
  const r = spawnSync(process.execPath, [BIN, 'export', ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 60_000,
    maxBuffer: 64 * 1024 * 1024,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function assertNoStack(r: Run): void {
  assert.doesNotMatch(r.stderr + r.stdout, /^\s+at .+:\d+:\d+\)?$/m, 'no stack trace');
  assert.doesNotMatch(r.stderr, /internal error/);
}

/** Every real history fixture: Knossos's and Jepsen's EDN, and the jsonl examples. */
function fixtures(): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.(edn|jsonl)$/.test(e.name)) out.push(relative(ROOT, p));
    }
  };
  walk(join(ROOT, 'test', 'fixtures', 'jepsen'));
  walk(join(ROOT, 'examples'));
  return out.sort();
}

/** A run's history with its final reads, as the runner records them after the heal. */
const WITH_FINAL: Op[] = [
  { index: 0, time: 10, process: 0, type: 'invoke', f: 'add', value: 'e0' },
  { index: 1, time: 20, process: 0, type: 'ok', f: 'add', value: 'e0', node: 'n1' },
  { index: 2, time: 25, process: 'nemesis', type: 'info', f: 'start-partition', value: null },
  { index: 3, time: 30, process: 'final', type: 'invoke', f: 'final-read', value: null },
  {
    index: 4,
    time: 40,
    process: 'final',
    type: 'ok',
    f: 'final-read',
    value: { role: 'primary', state: { set: ['e0'], list: ['e0'] } },
    node: 'n1',
  },
];

describe('redcheck export', () => {
  let dir: string;
  before(() => (dir = mkdtempSync(join(tmpdir(), 'redcheck-export-'))));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('finds the fixtures', () => {
    assert.ok(fixtures().length >= 7, fixtures().join(', '));
  });

  for (const file of fixtures()) {
    it(`${file}: exported as EDN, re-imports to the same ops; jsonl round-trips`, async () => {
      const { ops } = await loadHistory(join(ROOT, file));
      assert.ok(ops.length > 0);
      const edn = exportHistory(ops, 'edn', 'include');
      assert.deepEqual(parseJepsenEdn(edn, 'exported.edn'), ops);
      const jsonl = exportHistory(ops, 'jsonl', 'include');
      const back = await parseHistoryText(jsonl, 'exported.jsonl');
      assert.equal(back.format, 'jsonl');
      assert.deepEqual(back.ops, ops);
    });
  }

  it('final reads are :process :final in EDN, and come back; --final omit leaves them out with a comment', async () => {
    const edn = exportHistory(WITH_FINAL, 'edn', 'include');
    assert.match(edn, /:process :final, :f :final-read/);
    assert.deepEqual(parseJepsenEdn(edn, 'final.edn'), WITH_FINAL);
    const omitted = exportHistory(WITH_FINAL, 'edn', 'omit');
    assert.match(omitted, /^; redcheck export: 2 final-read ops \(process "final"\) left out/);
    assert.doesNotMatch(omitted, /:final/);
    assert.deepEqual(parseJepsenEdn(omitted, 'omitted.edn'), WITH_FINAL.slice(0, 3));
    const jsonl = exportHistory(WITH_FINAL, 'jsonl', 'include');
    assert.deepEqual((await parseHistoryText(jsonl, 'final.jsonl')).ops, WITH_FINAL);
  });

  it('CLI: a run directory to EDN on stdout, and to a file with --out; re-imports the same', async () => {
    const run = join(dir, 'run');
    mkdirSync(run);
    writeFileSync(join(run, 'history.jsonl'), WITH_FINAL.map((op) => opToJson(op) + '\n').join(''));
    const r = redcheck(run, '--format', 'edn');
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(parseJepsenEdn(r.stdout, 'stdout'), WITH_FINAL);
    const out = join(dir, 'history.edn');
    const w = redcheck(run, '--format', 'edn', '--out', out, '--final', 'omit');
    assert.equal(w.code, 0, w.stderr);
    assert.equal(w.stdout, '');
    const { ops, format } = await loadHistory(out);
    assert.equal(format, 'edn');
    assert.deepEqual(ops, WITH_FINAL.slice(0, 3));
  });

  it('CLI: a Knossos EDN history to jsonl, which check reads as the same history', async () => {
    const file = 'test/fixtures/jepsen/cas-register/bad/bad-analysis.edn';
    const out = join(dir, 'knossos.jsonl');
    const r = redcheck(file, '--format', 'jsonl', '--out', out);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual((await loadHistory(out)).ops, (await loadHistory(file)).ops);
    assert.deepEqual(
      readFileSync(out, 'utf8').split('\n').filter(Boolean).length,
      (await loadHistory(file)).ops.length,
    );
  });

  it('CLI: bad input exits 2 with the reason and no stack trace', () => {
    const empty = join(dir, 'empty-run');
    mkdirSync(empty);
    const malformed = join(dir, 'bad.jsonl');
    writeFileSync(malformed, '{"index":0,"time":1,"process":0,"type":"bogus","f":"x"}\n');
    const cases: [string[], RegExp][] = [
      [[join(dir, 'missing.jsonl'), '--format', 'edn'], /missing\.jsonl/],
      [[empty, '--format', 'edn'], /has no history\.jsonl/],
      [[malformed, '--format', 'edn'], /bad\.jsonl:1/],
      [['examples/cas-register-ok.jsonl'], /--format is required/],
      [
        ['examples/cas-register-ok.jsonl', '--format', 'xml'],
        /--format "xml" is not one of: edn, jsonl/,
      ],
      [['examples/cas-register-ok.jsonl', '--format', 'edn', '--final', 'drop'], /--final "drop"/],
      [[], /exactly one run directory or history file/],
    ];
    for (const [args, message] of cases) {
      const r = redcheck(...args);
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, message);
      assertNoStack(r);
    }
  });
});
