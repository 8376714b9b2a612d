import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '..', '..');
const BIN = join(ROOT, 'bin', 'redcheck.js');
const DATA = join(ROOT, 'test', 'fixtures', 'porcupine');
const OK = 'examples/cas-register-ok.jsonl';
const BAD = 'examples/cas-register-bad.jsonl';
const KNOSSOS = 'test/fixtures/jepsen/cas-register';
// A history whose search cannot finish in 1 ms: the verdict must be "unknown".
// (The small files next to it finish within the checker's first slice, before any time check.)
const HARD = ['--check-time-limit', '1ms', join(DATA, 'kv', 'c50-ok.txt')];

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function redcheck(...args: string[]): Run {
  const r = spawnSync(process.execPath, [BIN, 'check', ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function assertNoStack(r: Run): void {
  assert.doesNotMatch(r.stderr + r.stdout, /^\s+at .+:\d+:\d+\)?$/m, 'no stack trace');
  assert.doesNotMatch(r.stderr, /internal error/);
}

describe('redcheck check (CLI)', () => {
  let dir: string;
  before(() => (dir = mkdtempSync(join(tmpdir(), 'redcheck-cli-'))));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('exits 0 when every file is linearizable, one line each', () => {
    const r = redcheck(OK, `${KNOSSOS}/good/cas-register-bug.edn`);
    assert.equal(r.code, 0, r.stderr);
    const lines = r.stdout.trim().split('\n');
    assert.equal(lines.length, 2);
    assert.match(
      lines[0] ?? '',
      /^examples\/cas-register-ok\.jsonl: linearizable \(model cas-register/,
    );
  });

  it('exits 1 and explains a non-linearizable history', () => {
    const r = redcheck(OK, BAD);
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stdout, /cas-register-bad\.jsonl: NOT linearizable/);
    assert.match(r.stdout, /longest linearizable prefix has 2 ops/);
    assert.match(r.stdout, /#5\s+read -> 1/);
    assert.match(r.stdout, /state is 2/);
  });

  it('exits 3 when a verdict is unknown and none is invalid', () => {
    const r = redcheck(...HARD, OK);
    assert.equal(r.code, 3, r.stderr);
    assert.match(r.stdout, /c50-ok\.txt: unknown \(model kv\): time limit of 1 ms/);
  });

  it('exits 1 when one file is invalid and another unknown', () => {
    assert.equal(redcheck(...HARD, BAD).code, 1);
  });

  it('writes JSON lines with file, valid and the evidence', () => {
    const r = redcheck('--json', OK, BAD, ...HARD);
    assert.equal(r.code, 1, r.stderr);
    const rows = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    assert.deepEqual(
      rows.map((x) => [x.file, x.valid]),
      [
        [OK, true],
        [BAD, false],
        [join(DATA, 'kv', 'c50-ok.txt'), 'unknown'],
      ],
    );
    const partitions = rows[1]?.partitions as { evidence?: { stuck: unknown[] } }[];
    assert.ok((partitions[0]?.evidence?.stuck.length ?? 0) > 0);
    assert.match(String(rows[2]?.reason), /time limit/);
  });

  it('reads every format by content and uses the model of its kind', () => {
    const r = redcheck(
      '--json',
      join(DATA, 'jepsen', 'etcd_002.log'),
      join(DATA, 'kv', 'c01-bad.txt'),
      `${KNOSSOS}/bad/rethink-fail-minimal.edn`,
      OK,
    );
    const rows = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    assert.deepEqual(
      rows.map((x) => [x.format, x.model, x.valid]),
      [
        ['porcupine-etcd', 'etcd', true],
        ['porcupine-kv', 'kv', false],
        ['edn', 'cas-register', false],
        ['jsonl', 'cas-register', true],
      ],
    );
    assert.equal(r.code, 1);
  });

  const malformed: [string, string, RegExp][] = [
    [
      'bad.jsonl',
      '{"index":0,"time":1,"process":0,"type":"invoke","f":"read","value":null}\n{"index":1,"time":2,"process":0,"type":"done","f":"read"}\n',
      /bad\.jsonl:2:33: field "type": expected one of "invoke", "ok", "fail", "info"/,
    ],
    [
      'bad.edn',
      '[{:process 0 :type :invoke :f :read :value nil}\n {:process 0 :type :done :f :read :value nil}]\n',
      /bad\.edn:2:2: :type: expected one of :invoke, :ok, :fail, :info/,
    ],
    [
      'bad-etcd.log',
      'INFO  jepsen.util - 0\t:invoke\t:read\tnil\nINFO  jepsen.util - 0\t:ok\t:read\t{1 2}\n',
      /bad-etcd\.log:2: malformed line/,
    ],
    [
      'bad-kv.txt',
      '{:process 0, :type :invoke, :f :get, :key "1", :value nil}\n{:process 0, :type :ok, :f :get, :key "1" :value}\n',
      /bad-kv\.txt:2: malformed line/,
    ],
  ];
  for (const [name, text, pattern] of malformed) {
    it(`exits 2 with file:line and no stack trace for a malformed ${name}`, () => {
      const file = join(dir, name);
      writeFileSync(file, text);
      const r = redcheck(OK, file);
      assert.equal(r.code, 2);
      assert.match(r.stderr, pattern);
      assert.match(
        r.stdout,
        /cas-register-ok\.jsonl: linearizable/,
        'other files are still checked',
      );
      assertNoStack(r);
    });
  }

  it('checks keyed (independent) Jepsen histories per key', () => {
    const r = redcheck(
      '--json',
      'test/fixtures/jepsen/independent/keyed-ok.edn',
      'test/fixtures/jepsen/independent/keyed-bad.edn',
    );
    const rows = r.stdout
      .trim()
      .split('\n')
      .map(
        (l) => JSON.parse(l) as { valid: unknown; partitions: { key: string; valid: unknown }[] },
      );
    assert.deepEqual(
      rows.map((x) => [x.valid, x.partitions.map((p) => [p.key, p.valid])]),
      [
        [
          true,
          [
            ['1', true],
            ['2', true],
          ],
        ],
        [
          false,
          [
            ['1', true],
            ['2', false],
          ],
        ],
      ],
    );
    assert.equal(r.code, 1);
  });

  it('writes an HTML report with --report', () => {
    const out = join(dir, 'check.html');
    const r = redcheck('--report', out, OK, BAD);
    assert.equal(r.code, 1, r.stderr);
    const html = readFileSync(out, 'utf8');
    assert.match(html, /cas-register-bad\.jsonl/);
  });

  it('tolerates a truncated last line with a warning', () => {
    const file = join(dir, 'truncated.jsonl');
    writeFileSync(
      file,
      '{"index":0,"time":1,"process":0,"type":"invoke","f":"write","value":1}\n{"index":1,"time":2,"pro',
    );
    const r = redcheck(file);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /warning: .*truncated\.jsonl:2: ignored a truncated last line/);
  });

  const usage: [string[], RegExp][] = [
    [['--model', 'nope', OK], /unknown model "nope"; known models: cas-register, kv/],
    [
      ['--format', 'yaml', OK],
      /unknown history format "yaml"; known formats: auto, jsonl, edn, porcupine-etcd, porcupine-kv/,
    ],
    [['--time-limit', 'soon', OK], /--time-limit: "soon" is not a duration/],
    [['--check-time-limit', 'soon', OK], /--check-time-limit: "soon" is not a duration/],
    [
      ['--check-time-limit', '1s', '--time-limit', '1s', OK],
      /--check-time-limit and --time-limit name the same budget: give one/,
    ],
    [['missing.jsonl'], /cannot read history missing\.jsonl: no such file/],
    [[], /no history file given/],
    [['--frobnicate', OK], /Unknown option '--frobnicate'/],
    [['--model', 'kv', OK], /cas-register-ok\.jsonl:5: model kv cannot check op/],
  ];
  for (const [args, pattern] of usage) {
    it(`exits 2 without a stack trace: check ${args.join(' ')}`, () => {
      const r = redcheck(...args);
      assert.equal(r.code, 2, r.stdout);
      assert.match(r.stderr, pattern);
      assertNoStack(r);
    });
  }

  it('says when --format cannot be guessed', () => {
    const file = join(dir, 'what.txt');
    writeFileSync(file, 'hello world\n');
    const r = redcheck(file);
    assert.equal(r.code, 2);
    assert.match(
      r.stderr,
      /what\.txt:1: cannot tell the history format .* known formats: jsonl, edn/,
    );
    assertNoStack(r);
  });

  it('--stream gives the verdicts and explanations of the check in memory', () => {
    const files = [
      OK,
      BAD,
      `${KNOSSOS}/good/cas-register-bug.edn`,
      join(DATA, 'kv', 'c01-bad.txt'),
    ];
    for (const f of files) {
      const whole = redcheck('--json', f);
      const streamed = redcheck('--json', '--stream', f);
      assert.equal(streamed.code, whole.code, streamed.stderr);
      const strip = (out: string): unknown => {
        const {
          elapsedMs: _e,
          peakCacheBytes: _p,
          ...rest
        } = JSON.parse(out) as Record<string, unknown>;
        return rest;
      };
      assert.deepEqual(strip(streamed.stdout), strip(whole.stdout), f);
    }
    const human = redcheck('--stream', BAD);
    assert.equal(human.code, 1);
    assert.match(human.stdout, /#5\s+read -> 1/);
    // an empty history streamed is unknown, as in memory
    const empty = join(dir, 'empty-streamed.jsonl');
    writeFileSync(empty, '');
    const e = redcheck('--stream', empty);
    assert.equal(e.code, 3, e.stderr);
    assert.match(e.stdout, /unknown: the history is empty/);
  });
});
