/**
 * Hostile input (issue 14): one test per numbered case of the issue, through the CLI where the
 * user meets it, in-process where a spawn would only add seconds. Every CLI run must end with
 * exit 0-3 and no stack trace.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isRedcheckError } from '../../src/errors.js';
import { modelByName } from '../../src/checker/linearizability/index.js';
import { escapeTerminal } from '../../src/common/terminal.js';
import { loadHistory } from '../../src/history/load.js';
import { parseScenarioInput, resolveScenario } from '../../src/runner/scenario.js';
import { STREAM_FROM_BYTES } from '../../src/cli/checkFile.js';
import { generateRegisterHistory } from '../../bench/registerHistory.js';

const ROOT = join(import.meta.dirname, '..', '..');
const BIN = join(ROOT, 'bin', 'redcheck.js');
const OK = 'examples/cas-register-ok.jsonl';

interface Run {
  code: number | null;
  out: string;
}

function redcheck(...args: string[]): Run {
  return redcheckVia([], ...args);
}

/**
 * Root writes through file modes by its CAP_DAC_OVERRIDE: as root, the CLI runs under
 * `setpriv` without it (and without CAP_DAC_READ_SEARCH), so modes bind it as they bind a user.
 */
const AS_A_USER =
  process.getuid?.() === 0
    ? ['setpriv', '--bounding-set=-dac_override,-dac_read_search', '--']
    : [];

/** `redcheck args`, started through `prefix` (a command that then execs it). */
function redcheckVia(prefix: readonly string[], ...args: string[]): Run {
  const [command, ...rest] = [...prefix, process.execPath, BIN, ...args];
  const r = spawnSync(command as string, [...rest], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 60_000,
  });
  const out = r.stdout + r.stderr;
  assert.doesNotMatch(out, /^\s+at .+:\d+:\d+\)?$/m, `no stack trace:\n${out}`);
  assert.doesNotMatch(out, /internal error/, out);
  return { code: r.status, out };
}

const op = (o: Record<string, unknown>): string =>
  JSON.stringify({ index: 0, time: 0, process: 0, type: 'invoke', f: 'write', value: 1, ...o });

function rejects(p: Promise<unknown>, code: string, pattern: RegExp): Promise<void> {
  return assert.rejects(p, (e: unknown) => {
    assert.ok(isRedcheckError(e), String(e));
    assert.equal(e.code, code);
    assert.match(e.message, pattern);
    return true;
  });
}

describe('hostile input (issue 14)', function () {
  this.timeout(120_000);
  let dir: string;
  const file = (name: string, text: string): string => {
    const p = join(dir, name);
    writeFileSync(p, text);
    return p;
  };
  before(() => (dir = mkdtempSync(join(tmpdir(), 'redcheck-hostile-'))));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('1. deep nesting: EDN 3000 deep and JSON 5000 deep are exit 2 at their line', () => {
    const edn = file('deep.edn', `${'['.repeat(3000)}${']'.repeat(3000)}\n`);
    const deep = '['.repeat(5000) + ']'.repeat(5000);
    const jsonl = file(
      'deep.jsonl',
      `${op({})}\n${op({ index: 1, type: 'ok' }).replace('"value":1', `"value":${deep}`)}\n`,
    );
    const r = redcheck('check', edn, jsonl);
    assert.equal(r.code, 2, r.out);
    assert.match(r.out, /deep\.edn:1:1001: values nest deeper than 1000 levels/);
    assert.match(r.out, /deep\.jsonl:2:\d+: field "value": expected a value nested at most 1000/);
  });

  it('2. model names are not looked up through the prototype', () => {
    const r = redcheck('check', '--model', '__proto__', OK);
    assert.equal(r.code, 2, r.out);
    assert.match(r.out, /unknown model "__proto__"; known models: cas-register/);
    for (const name of ['constructor', 'toString', 'valueOf', 'hasOwnProperty']) {
      assert.throws(
        () => modelByName(name),
        (e: unknown) => isRedcheckError(e) && e.code === 'E_UNKNOWN_MODEL',
      );
    }
    // ... nor scenario fields: a __proto__ key is an unknown field, not "[object Object]".
    assert.throws(
      () => parseScenarioInput(JSON.parse('{"__proto__": {"replicas": 3}}'), 's.json'),
      (e: unknown) =>
        isRedcheckError(e) && /__proto__/.test(e.message) && !/object Object/.test(e.message),
    );
  });

  it('3. write failures: exit 2 naming the path and the reason, before the work', () => {
    const r = redcheck('check', OK, '--report', dir);
    assert.equal(r.code, 2, r.out);
    assert.match(r.out, /cannot write --report .*: it is a directory/);
    assert.doesNotMatch(r.out, /linearizable/, 'checked nothing');
    const c = redcheck('compare', 'store/none', '--out', 'no/such/dir/c.html');
    assert.equal(c.code, 2, c.out);
    assert.match(
      c.out,
      /cannot write --out no\/such\/dir\/c\.html: no such directory no\/such\/dir/,
    );
  });

  it('3. report in a folder the user cannot write', () => {
    const run = join(dir, 'ro-run');
    mkdirSync(run);
    execFileSync('chmod', ['a-w', run]);
    const r = redcheckVia(AS_A_USER, 'report', run);
    execFileSync('chmod', ['u+w', run]);
    assert.equal(r.code, 2, r.out);
    assert.match(r.out, /cannot write the report in .*ro-run: permission denied/);
  });

  it('5. a byte-order mark at the start of a history is skipped, in every format', async () => {
    const jsonl = file('bom.jsonl', `\ufeff${op({})}\n${op({ index: 1, type: 'ok' })}\n`);
    const edn = file('bom.edn', '\ufeff[{:process 0 :type :invoke :f :read :value nil}]');
    assert.equal((await loadHistory(jsonl)).ops.length, 2);
    assert.equal((await loadHistory(edn)).ops.length, 1);
  });

  it('6. run options have upper bounds; --nemesis , is an error', () => {
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ replicas: 99 }, /replicas 99 is above its limit of 8/],
      [{ concurrency: 1e9 }, /concurrency 1000000000 is above its limit of 1000/],
      [{ timeLimit: '600h' }, /time-limit 600h is above its limit of 24h/],
      [{ runTimeout: 2 ** 31 }, /run-timeout .* is above its limit of 48h/],
      [{ nemesis: ',' }, /nemesis "," names an empty fault/],
    ];
    for (const [input, pattern] of cases) {
      assert.throws(
        () => resolveScenario(parseScenarioInput(input, 's.json')),
        (e: unknown) => isRedcheckError(e) && pattern.test(e.message),
        JSON.stringify(input),
      );
    }
  });

  it('7. errors point at the file, line and column, with the field and what was expected', async () => {
    await rejects(
      loadHistory(file('orphan.jsonl', `${op({})}\n\n${op({ process: 1, type: 'ok' })}\n`)),
      'E_HISTORY_INVALID',
      /orphan\.jsonl:3:1: ok of write by process 1 has no pending invoke/,
    );
    await rejects(
      loadHistory(file('inf.jsonl', `${op({}).replace('"time":0', '"time":1e400')}\n`)),
      'E_HISTORY_MALFORMED',
      /inf\.jsonl:1:12: field "time": expected a finite number \(ns\), found 1e400/,
    );
    await rejects(
      loadHistory(file('dup.edn', '[{:process 0 :type :invoke\n  :f :read :type :ok}]')),
      'E_HISTORY_MALFORMED',
      /dup\.edn:2:12: duplicate map key :type/,
    );
    await rejects(
      loadHistory(file('json.jsonl', `${op({})}\n{"index": 1,, }\n`)),
      'E_HISTORY_MALFORMED',
      /json\.jsonl:2:13: expected one JSON op object/,
    );
    // A cas value of the wrong shape, found by the checker: named at its line, not its index.
    const cas = file(
      'cas.jsonl',
      `${op({})}\n\n${op({ index: 1, type: 'ok' })}\n${op({ index: 2, f: 'cas', value: 5 })}\n`,
    );
    const r = redcheck('check', cas);
    assert.equal(r.code, 2, r.out);
    assert.match(r.out, /cas\.jsonl:4: model cas-register cannot check op at history index 2/);
  });

  it('8. terminal escapes in values are escaped on the terminal', () => {
    const evil = '\u001b]0;pwned\u0007';
    const h = file('evil.jsonl', `${op({ f: evil })}\n${op({ index: 1, type: 'ok', f: evil })}\n`);
    const r = redcheck('check', h);
    assert.equal(r.code, 2, r.out);
    assert.ok(!r.out.includes('\u001b') && !r.out.includes('\u0007'), r.out);
    assert.match(r.out, /\\u001b\]0;pwned\\u0007/);
    assert.equal(escapeTerminal('a\u202eb\tc\n'), 'a\\u202eb\tc\n');
  });

  it('9. a FIFO with no writer is an error after the wait, not a hang', async function () {
    const fifo = join(dir, 'fifo');
    try {
      execFileSync('mkfifo', [fifo]);
    } catch (e) {
      // Debian has mkfifo (coreutils): in CI its absence is a failure, not a skip.
      if (process.env.CI === 'true') throw e;
      this.skip();
    }
    await rejects(
      loadHistory(fifo, 'auto', { fifoWaitMs: 300 }),
      'E_HISTORY_UNREADABLE',
      /it is a FIFO and no process opened it for writing within 0\.3 s/,
    );
  });

  it('9. a history over 64 MiB is checked streamed: it fits a JS heap smaller than the file', async () => {
    // Held in memory, a 57 MB history of this kind needs more than a 48 MB heap (it aborts
    // with "heap out of memory"); streamed, the ops take typed arrays outside the heap.
    const big = join(dir, 'big.jsonl');
    const made = await generateRegisterHistory(big, STREAM_FROM_BYTES + 2 * 1024 * 1024);
    const r = spawnSync(process.execPath, ['--max-old-space-size=48', BIN, 'check', big], {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: 90_000,
    });
    assert.equal(r.status, 0, r.stdout + r.stderr);
    assert.match(
      r.stdout,
      new RegExp(`big\\.jsonl: linearizable \\(model cas-register, ${made.ops} ops, `),
    );
  });

  it('10. an empty or nemesis-only history is unknown with the reason; oddities warn', async () => {
    const empty = file('empty.jsonl', '');
    const nemesis = file('nemesis.jsonl', `${op({ process: 'nemesis', f: 'start' })}\n`);
    const r = redcheck('check', empty, nemesis);
    assert.equal(r.code, 3, r.out);
    assert.match(r.out, /empty\.jsonl: unknown: the history is empty/);
    assert.match(r.out, /nemesis\.jsonl: unknown: the history has no client operations/);
    const odd = file(
      'odd.jsonl',
      [
        op({ time: 5 }),
        op({ index: 1, time: 7, f: 'read', value: null }), // a second invoke by process 0
        op({ index: 2, time: -3, type: 'ok', f: 'read', value: null }), // negative, backwards
      ].join('\n') + '\n',
    );
    const { warnings } = await loadHistory(odd);
    const said = warnings.map((w) => `${w.line}: ${w.message}`).join('\n');
    assert.match(said, /^2: process 0 invokes read while its invoke of write on line 1/m);
    assert.match(said, /^3: ok of read by process 0 has a negative time -3/m);
    assert.match(said, /^3: .*earlier than the process's previous event/m);
    await rejects(
      loadHistory(file('other-f.jsonl', `${op({})}\n${op({ index: 1, type: 'ok', f: 'read' })}\n`)),
      'E_HISTORY_INVALID',
      /other-f\.jsonl:2:1: ok of read by process 0 completes the invoke of write on line 1/,
    );
  });
});
