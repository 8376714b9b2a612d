import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'mocha';
import { delayedFsyncs, lossWindows, promiseHeld, writeCost } from '../../reports/sweepMeasures.js';
import { RESULTS_SCHEMA_VERSION, type RunResults } from '../../src/store/index.js';

const MS = 1e6;

function results(faults: RunResults['faults']): RunResults {
  return {
    schemaVersion: RESULTS_SCHEMA_VERSION,
    run: 'r',
    valid: true,
    seed: 1,
    scenario: {
      topology: 'standalone',
      mode: 'async',
      workload: 'set',
      nemesis: ['power-loss:primary'],
      persistence: 'aof-everysec',
      redis: '7.0',
      timeLimitMs: 1000,
      concurrency: 1,
    },
    checkers: {},
    faults,
    phases: {},
    command: 'redcheck run',
    startedAt: '2026-11-27T00:00:00.000Z',
  };
}

describe('the sweep measures of the comparison page', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'redcheck-measures-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('charges each lost write to the next fault with a window; later ones are counted apart', () => {
    const r = results([
      { fault: 'power-loss', target: 'primary', start: 1000 * MS, end: 2000 * MS },
      { fault: 'failover', start: 2500 * MS },
      { fault: 'power-loss', target: 'primary', start: 3000 * MS, end: 4000 * MS },
    ]);
    const w = lossWindows(r, [
      { invoke: 100 * MS, complete: 200 * MS }, // 800 ms before the first
      { invoke: 900 * MS, complete: 950 * MS }, // 50 ms before the first
      { invoke: 2600 * MS }, // no completion: its invoke, 400 ms before the second
      { invoke: 3500 * MS, complete: 3600 * MS }, // after the last started
    ]);
    assert.deepEqual(w, {
      windows: [
        { fault: 'power-loss:primary', start: 1000 * MS, lost: 2, windowMs: 800 },
        { fault: 'power-loss:primary', start: 3000 * MS, lost: 1, windowMs: 400 },
      ],
      afterLastStart: 1,
    });
    assert.deepEqual(lossWindows(r, []), { windows: [], afterLastStart: 0 });
  });

  it('write cost: ok writes invoked and completed outside every fault, reads left out', async () => {
    const file = join(dir, 'history.jsonl');
    const ops = [
      [0, 'invoke', 'add', 0],
      [0, 'ok', 'add', 1],
      [1, 'invoke', 'add', 2],
      [1, 'ok', 'add', 5],
      [2, 'invoke', 'add', 1100], // during the fault: left out
      [2, 'ok', 'add', 1200],
      [3, 'invoke', 'read', 2100],
      [3, 'ok', 'read', 2190], // a read: left out
      [4, 'invoke', 'add', 2200],
      [4, 'fail', 'add', 2210], // not ok: left out
      [5, 'invoke', 'add', 2990],
      [5, 'ok', 'add', 3000],
    ] as const;
    writeFileSync(
      file,
      ops
        .map(([process, type, f, ms], index) =>
          JSON.stringify({ index, time: ms * MS, process, type, f, value: index }),
        )
        .join('\n') + '\n',
    );
    const cost = await writeCost(
      file,
      results([{ fault: 'kill', target: 'primary', start: 1000 * MS, end: 2000 * MS }]),
    );
    // 3000 ms of ops, 1000 of them under the fault: 3 ok writes in 2 s.
    assert.equal(cost.quietS, 2);
    assert.equal(cost.okWritesPerSecond, 1.5);
    assert.equal(cost.p50Ms, 3);
    assert.equal(cost.p99Ms, 10);
    assert.equal(cost.p999Ms, 10);
  });

  it('a promise is kept: always loses nothing, everysec within 2 s of each fault', () => {
    const w = (ms: number[], after = 0) => ({
      windows: ms.map((windowMs) => ({ fault: 'power-loss', start: 0, lost: 1, windowMs })),
      afterLastStart: after,
    });
    assert.equal(promiseHeld('aof-always', 0, w([])), 'yes');
    assert.equal(promiseHeld('aof-always', 3, w([10])), 'no');
    assert.equal(promiseHeld('aof-everysec', 40, w([163, 1200])), 'yes');
    assert.equal(promiseHeld('aof-everysec', 40, w([163, 2400])), 'no');
    assert.equal(promiseHeld('aof-everysec', 40, w([163], 5)), 'no');
    assert.equal(promiseHeld('rdb', 40, w([4000])), undefined);
    assert.equal(promiseHeld('aof-always', undefined, undefined), undefined);
  });

  it('sums aof_delayed_fsync over the nodes; none reported is undefined', () => {
    const run = join(dir, 'run');
    assert.equal(delayedFsyncs(run), undefined);
    for (const [n, v] of [
      ['n1', 2],
      ['n2', 5],
    ] as const) {
      mkdirSync(join(run, 'nodes', n), { recursive: true });
      writeFileSync(
        join(run, 'nodes', n, 'info.txt'),
        `# Persistence\r\naof_delayed_fsync:${v}\r\n`,
      );
    }
    mkdirSync(join(run, 'nodes', 'n3'), { recursive: true });
    writeFileSync(join(run, 'nodes', 'n3', 'info.txt'), '# could not read: gone\n');
    assert.equal(delayedFsyncs(run), 7);
  });
});
