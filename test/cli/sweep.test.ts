import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'mocha';
import { parseRunArgs } from '../../src/cli/run/parseRunArgs.js';
import { parseRunSweep } from '../../src/cli/run/parseRunSweep.js';
import { resolveSweep, runSweep, worstExitCode } from '../../src/cli/sweep.js';
import { isRedcheckError } from '../../src/errors.js';
import type { runScenario } from '../../src/runner/runScenario.js';
import { writeSyntheticRun } from '../reports/syntheticRun.js';

const BIN = join(import.meta.dirname, '..', '..', 'bin', 'redcheck.js');
const BASE = ['--topology', 'standalone', '--nemesis', 'power-loss:primary'];

describe('redcheck run: comma lists make a sweep', () => {
  it('one run per value, all with one seed, in the order given', () => {
    const { inputs, axes, settings } = parseRunSweep([
      ...BASE,
      '--persistence',
      'none,rdb,aof-everysec,aof-always',
    ]);
    assert.deepEqual(axes, [
      { flag: 'persistence', values: ['none', 'rdb', 'aof-everysec', 'aof-always'] },
    ]);
    assert.deepEqual(
      inputs.map((i) => i.persistence),
      ['none', 'rdb', 'aof-everysec', 'aof-always'],
    );
    assert.deepEqual(settings, [
      { persistence: 'none' },
      { persistence: 'rdb' },
      { persistence: 'aof-everysec' },
      { persistence: 'aof-always' },
    ]);
    const seeds = new Set(inputs.map((i) => i.seed));
    assert.equal(seeds.size, 1);
    assert.equal(typeof inputs[0]?.seed, 'number');
    // Apart from the swept field, the runs are the same scenario.
    const rest = inputs.map(({ persistence: _p, ...r }) => JSON.stringify(r));
    assert.equal(new Set(rest).size, 1);
    // The same seed resolves to the same fault schedule and workload stream.
    const resolved = resolveSweep(inputs);
    assert.deepEqual(new Set(resolved.map((s) => s.seed)).size, 1);
  });

  it('every combination of two lists, the later flag varying fastest; a given seed is kept', () => {
    const { inputs, axes } = parseRunSweep([
      '--topology',
      'replication',
      '--mode',
      'async,wait',
      '--min-replicas-to-write',
      '0,1,2',
      '--seed',
      '7',
    ]);
    assert.deepEqual(
      axes.map((a) => a.flag),
      ['mode', 'min-replicas-to-write'],
    );
    assert.deepEqual(
      inputs.map((i) => `${i.mode}/${i.minReplicasToWrite}`),
      ['async/0', 'async/1', 'async/2', 'wait/0', 'wait/1', 'wait/2'],
    );
    assert.ok(inputs.every((i) => i.seed === 7));
  });

  it('a list flag with one value is exactly the single run of today', () => {
    const argv = [...BASE, '--persistence', 'rdb', '--wait-replicas', '1'];
    const sweep = parseRunSweep(argv);
    assert.deepEqual(sweep.axes, []);
    assert.deepEqual(sweep.inputs, [parseRunArgs(argv).input]);
    assert.equal(sweep.inputs[0]?.seed, undefined);
  });

  it('bad lists are usage errors naming the value', () => {
    const code = (argv: string[]): unknown => {
      try {
        resolveSweep(parseRunSweep(argv).inputs);
      } catch (e) {
        return isRedcheckError(e) ? `${e.code}: ${e.message}` : e;
      }
      return 'no error';
    };
    assert.match(String(code(['--persistence', 'none,bogus'])), /E_UNKNOWN_PERSISTENCE.*bogus/);
    assert.match(String(code(['--redis', '7.0,6.2'])), /E_UNKNOWN_REDIS.*6\.2/);
    assert.match(String(code(['--persistence', 'rdb,,none'])), /empty value/);
    assert.match(String(code(['--mode', 'async,async'])), /async is listed twice/);
    assert.match(
      String(code(['--wait-replicas', '1,x'])),
      /wait-replicas wants an integer, got "x"/,
    );
  });

  it('an unknown preset inside the list exits 2 naming it, before Docker is touched', () => {
    const r = spawnSync(
      process.execPath,
      [BIN, 'run', ...BASE, '--persistence', 'none,aof-sometimes,rdb'],
      { encoding: 'utf8', timeout: 60_000 },
    );
    assert.equal(r.status, 2, r.stderr);
    assert.match(r.stderr, /aof-sometimes/);
    assert.doesNotMatch(r.stderr, /\[cluster\]|\[sweep\] run/);
  });

  it('the worst exit code: error, then invalid, then unknown, then valid', () => {
    assert.equal(worstExitCode([]), 0);
    assert.equal(worstExitCode([0, 3, 0]), 3);
    assert.equal(worstExitCode([3, 1, 0]), 1);
    assert.equal(worstExitCode([1, 2, 3]), 2);
  });
});

describe('runSweep: each run stored, one comparison page, the worst exit', () => {
  let store: string;
  before(() => {
    store = mkdtempSync(join(tmpdir(), 'redcheck-sweep-'));
  });
  after(() => rmSync(store, { recursive: true, force: true }));

  it('runs every combination in turn, goes on past a failed run, and draws the page', async () => {
    const { inputs, axes, settings } = parseRunSweep([
      ...BASE,
      '--persistence',
      'none,aof-everysec,aof-always',
      '--store',
      store,
      '--seed',
      '11',
    ]);
    const seen: string[] = [];
    // A stand-in for the Docker run: stores a synthetic run directory per scenario.
    const runOne = (({ scenario }) => {
      seen.push(`${scenario.persistence}@${scenario.seed}`);
      if (scenario.persistence === 'aof-always') return Promise.reject(new Error('setup failed'));
      const lost = scenario.persistence === 'none' ? 9 : 0;
      const runDir = join(store, `run-${scenario.persistence}`);
      const results = writeSyntheticRun(runDir, {
        persistence: scenario.persistence,
        lost,
        events: 1500,
        run: `run-${scenario.persistence}`,
      });
      return Promise.resolve({
        runDir,
        results,
        exitCode: lost > 0 ? 1 : 0,
        summary: [`lost ${lost}`],
      });
    }) as typeof runScenario;
    const log = console.log;
    const printed: string[] = [];
    console.log = (line: string) => void printed.push(line);
    let code: number;
    try {
      code = await runSweep(inputs, axes, settings, { json: false, runOne });
    } finally {
      console.log = log;
    }
    assert.deepEqual(seen, ['none@11', 'aof-everysec@11', 'aof-always@11']);
    assert.equal(code, 2, 'a run that errored makes the sweep exit 2');
    const pages = readdirSync(store).filter((f) => f.startsWith('compare-'));
    assert.deepEqual(pages, ['compare-run-none.html']);
    const html = readFileSync(join(store, 'compare-run-none.html'), 'utf8');
    assert.match(html, /run-none[\s\S]*run-aof-everysec/);
    assert.ok(existsSync(join(store, 'run-aof-everysec', 'results.json')));
    assert.match(printed.join('\n'), /persistence aof-always: error: setup failed/);
  });
});
