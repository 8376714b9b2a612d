import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkLinearizability } from '../../src/checker/linearizability/index.js';
import { toRunResult } from '../../src/checker/linearizability/runResult.js';
import { RedcheckError } from '../../src/errors.js';
import { loadHistory } from '../../src/history/load.js';
import {
  checkerResult,
  readStoredRun,
  RESULTS_SCHEMA_VERSION,
  writeResults,
  type RunResults,
} from '../../src/store/index.js';
import { writeSyntheticRun } from '../reports/syntheticRun.js';

/** The error `fn` throws, asserted to be a RedcheckError. */
function thrown(fn: () => unknown): RedcheckError {
  try {
    fn();
  } catch (e) {
    assert.ok(e instanceof RedcheckError, `a RedcheckError, got ${String(e)}`);
    return e;
  }
  assert.fail('expected an error');
}

describe('store: results.json schema and the one reader', () => {
  let root: string;
  let valid: RunResults;
  before(() => {
    root = mkdtempSync(join(tmpdir(), 'redcheck-store-'));
    valid = writeSyntheticRun(join(root, 'valid'), { events: 400, lost: 3 });
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  /** A run folder whose results.json is `text` (the synthetic run's other files beside it). */
  function runWith(name: string, text: string): { dir: string; file: string } {
    const dir = join(root, name);
    mkdirSync(dir, { recursive: true });
    const file = join(dir, 'results.json');
    writeFileSync(file, text);
    return { dir, file };
  }

  /** The valid results with `patch` applied at the top level. */
  function patched(patch: Record<string, unknown>): string {
    return JSON.stringify({ ...valid, ...patch });
  }

  it('a valid file round-trips: what writeResults wrote reads back the same, typed', () => {
    const run = readStoredRun(join(root, 'valid'));
    assert.deepEqual(run.results, valid);
    assert.equal(run.results.schemaVersion, RESULTS_SCHEMA_VERSION);
    assert.equal(checkerResult(run.results, 'set')?.lost, 3);
    assert.ok((checkerResult(run.results, 'stats')?.byF.add?.ok ?? 0) > 0);
    assert.ok(run.historyFile?.endsWith('history.jsonl'));
    assert.equal(run.scenario.workload, 'set');
  });

  it("a linearizability result (the register's, evidence capped) round-trips", async () => {
    const { ops } = await loadHistory('examples/cas-register-bad.jsonl');
    const lin = toRunResult(await checkLinearizability(ops, { model: 'cas-register', verbose: true }), 5000);
    assert.equal(lin.valid, false);
    const dir = join(root, 'lin');
    mkdirSync(dir, { recursive: true });
    const results: RunResults = { ...valid, valid: false, checkers: { linearizable: lin } };
    writeResults(dir, results);
    const back = checkerResult(readStoredRun(dir).results, 'linearizable');
    assert.deepEqual(back, JSON.parse(JSON.stringify(lin)));
    assert.ok(back?.partitions.some((p) => p.evidence !== undefined));
  });

  it('a checker that produced no result (crashed, interrupted) is kept, and checkerResult says none', () => {
    const dir = join(root, 'crashed');
    mkdirSync(dir, { recursive: true });
    const crashed = { valid: 'unknown' as const, reason: 'the checker crashed', error: 'boom' };
    writeResults(dir, { ...valid, valid: 'unknown', checkers: { set: crashed } });
    const read = readStoredRun(dir).results;
    assert.deepEqual(read.checkers.set, crashed);
    assert.equal(checkerResult(read, 'set'), undefined);
  });

  // Texts are functions: `valid` is written in `before`.
  const cases: [string, () => string, RegExp][] = [
    ['corrupt JSON', () => '{"run": "r1", "valid": tr', /is not valid JSON/],
    [
      'null checkers (no schemaVersion)',
      () => '{"valid":false,"checkers":null}',
      /field schemaVersion: missing; .*before results\.json had a schema/,
    ],
    [
      'null checkers',
      () => `{"schemaVersion":1,"valid":false,"checkers":null}`,
      /field run: missing \(expected string\)/,
    ],
    [
      'null checkers, every other field valid',
      () => patched({ checkers: null }),
      /field checkers: expected object, received null/,
    ],
    ['a string checkers', () => patched({ checkers: 'set' }), /field checkers: expected object, received string/],
    ['"command":{}', () => patched({ command: {} }), /field command: expected string, received object/],
    [
      'a checker field of the wrong type',
      () => patched({ checkers: { set: { ...valid.checkers.set, lost: 'three' } } }),
      /field checkers\.set\.lost: expected number, received string/,
    ],
    [
      'an unknown checker name',
      () => patched({ checkers: { ...valid.checkers, register: { valid: true } } }),
      /field checkers: unknown checker "register"; known checkers: set, linearizable, stats/,
    ],
    [
      'a bad verdict',
      () => patched({ valid: 'maybe' }),
      /field valid: expected true, false or "unknown"/,
    ],
    [
      'a fault without a start',
      () => patched({ faults: [{ fault: 'partition' }] }),
      /field faults\[0\]\.start: missing \(expected number\)/,
    ],
    [
      'a missing schemaVersion',
      () => JSON.stringify({ ...valid, schemaVersion: undefined }),
      /field schemaVersion: missing; this file was written by redcheck 0\.1\.0 before results\.json had a schema/,
    ],
    [
      'a future schemaVersion',
      () => patched({ schemaVersion: 4 }),
      /field schemaVersion: 4 was written by a newer redcheck; this redcheck reads schemaVersion 3/,
    ],
    ['an array', () => '[]', /expected a JSON object, found an array/],
  ];
  for (const [what, text, message] of cases) {
    it(`${what}: a RedcheckError (exit 2) naming the file and the field`, () => {
      const { dir, file } = runWith(what.replace(/\W+/g, '-'), text());
      const e = thrown(() => readStoredRun(dir));
      assert.ok(e.message.includes(file), e.message);
      assert.match(e.message, message);
      assert.match(e.code, /^E_RUN_/);
      assert.ok(e.fix, 'says what to do');
    });
  }

  it('a version 1 file (before the loss causes) still reads, as version 3 without causes', () => {
    const { causes: _causes, ...v1 } = valid;
    const old = runWith('v1', JSON.stringify({ ...v1, schemaVersion: 1 }));
    const read = readStoredRun(old.dir).results;
    assert.equal(read.schemaVersion, 3);
    assert.equal(read.causes, undefined);
    assert.equal(checkerResult(read, 'set')?.lost, 3);
    const bad = runWith('v1-bad', JSON.stringify({ ...v1, schemaVersion: 1, checkers: null }));
    assert.match(thrown(() => readStoredRun(bad.dir)).message, /field checkers: expected object/);
  });

  it('a version 2 file (before the probe) still reads, as version 3 without probe; a v3 probe is validated', () => {
    const { probe: _probe, ...v2 } = valid as typeof valid & { probe?: unknown };
    const old = runWith('v2', JSON.stringify({ ...v2, schemaVersion: 2 }));
    const read = readStoredRun(old.dir).results;
    assert.equal(read.schemaVersion, 3);
    assert.equal(read.probe, undefined);
    assert.equal(checkerResult(read, 'set')?.lost, 3);
    const probe = {
      intervalMs: 200,
      lanes: 36,
      ops: { ok: 10, fail: 2, info: 0 },
      cuts: [{ fault: 0, start: 5e9, end: 9e9, nodes: [{ node: 'n2', lastAck: 7e9, ackMs: 2000 }], ackMs: 2000 }],
      minorityAckMs: 2000,
    };
    const v3 = runWith('v3-probe', patched({ probe }));
    assert.equal(readStoredRun(v3.dir).results.probe?.minorityAckMs, 2000);
    const bad = runWith('v3-bad-probe', patched({ probe: { ...probe, lanes: 'many' } }));
    assert.match(thrown(() => readStoredRun(bad.dir)).message, /field probe\.lanes/);
  });

  it('a missing schemaVersion gives the command that re-runs the scenario; a future one says to upgrade', () => {
    const old = runWith('old', JSON.stringify({ ...valid, schemaVersion: undefined }));
    assert.ok(thrown(() => readStoredRun(old.dir)).fix?.includes(valid.command));
    const future = runWith('future', patched({ schemaVersion: 7 }));
    assert.match(thrown(() => readStoredRun(future.dir)).fix ?? '', /upgrade redcheck/);
  });

  it('a folder that is not a run says so', () => {
    const e = thrown(() => readStoredRun(join(root, 'nothing-here')));
    assert.equal(e.code, 'E_RUN_UNREADABLE');
    assert.match(e.message, /no such directory/);
    const empty = join(root, 'empty');
    mkdirSync(empty);
    assert.match(thrown(() => readStoredRun(empty)).message, /results\.json: no such file/);
  });

  it('writeResults validates before writing: an invalid result writes nothing', () => {
    const dir = join(root, 'refused');
    mkdirSync(dir, { recursive: true });
    const bad = { ...valid, command: 42 } as unknown as RunResults;
    const e = thrown(() => writeResults(dir, bad));
    assert.match(e.message, /refusing to write .*field command: expected string/);
    assert.throws(() => readFileSync(join(dir, 'results.json')), /ENOENT/);
  });
});
