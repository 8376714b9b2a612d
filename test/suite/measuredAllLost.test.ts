import assert from 'node:assert/strict';
import { explainLosses, LOSS_CAUSES } from '../../src/checker/lossCauses/index.js';
import { checkSet } from '../../src/checker/set.js';
import type { Op } from '../../src/history/op.js';
import { resolveScenario } from '../../src/runner/scenario.js';
import { runResultsSchema } from '../../src/store/index.js';
import { measure } from '../../src/suite/index.js';
import { setWorkload } from '../../workloads/set/index.js';
import { fakeResults } from './fakeRun.js';

/**
 * A standalone rdb run of 5,000 writes killed at 30 s: the first 1,200 were saved, the 3,800
 * after were lost. The set checker lists 1,000 of them; every measure comes from all 3,800.
 */
describe('suite measures from every lost write, never the listed sample', () => {
  const WRITES = 5000;
  const SAVED = 1200;
  const history: Op[] = [];
  const ackOf = (i: number): number => 1e9 + i * 5e6 + 4e5;
  for (let i = 0; i < WRITES; i++) {
    history.push({
      index: 0,
      time: 1e9 + i * 5e6,
      process: i % 7,
      type: 'invoke',
      f: 'add',
      value: i,
    });
    history.push({
      index: 0,
      time: ackOf(i),
      process: i % 7,
      type: 'ok',
      f: 'add',
      value: i,
      node: 'n1',
    });
  }
  const kept = Array.from({ length: SAVED }, (_, i) => String(i));
  const finalReads = [{ node: 'n1', primary: true, set: kept, list: kept }];
  // The same final read as the history holds it, for the streamed check.
  const end = ackOf(WRITES - 1) + 2e9;
  const read = { process: 'final' as const, f: 'final-read', node: 'n1' };
  history.push({ index: 0, time: end, ...read, type: 'invoke', value: null });
  history.push({
    index: 0,
    time: end + 1,
    ...read,
    type: 'ok',
    value: { role: 'primary', page: 0, last: true, state: { set: kept, list: kept } },
  });
  history.forEach((op, i) => (op.index = i));

  /** Every lost write as the run's check phase leaves them: the streamed set check's columns. */
  function streamedLost() {
    const check = setWorkload.streamCheck?.() ?? assert.fail('the set workload streams');
    for (const op of history) check.push(op);
    if (check.endFirstPass([])) for (const op of history) check.push2(op);
    check.finish();
    return check.lostWrites?.();
  }

  it('lossWindowMs and every cause count are counted over the 3,800 lost, not the 1,000 listed', () => {
    const set = checkSet({ history, finalReads });
    assert.equal(set.lost, WRITES - SAVED);
    assert.equal(set.lostWrites.length, 1000, 'the checker lists 1,000');
    const lost = streamedLost();
    assert.equal(lost?.count, WRITES - SAVED);
    const scenario = resolveScenario({ topology: 'standalone', persistence: 'rdb', seed: 3 });
    const killAt = ackOf(WRITES - 1) + 1e6;
    const causes = explainLosses(lost ?? assert.fail('columns'), {
      topology: 'standalone',
      persistence: 'rdb',
      nodes: ['n1'],
      faults: [{ index: 0, fault: 'kill', start: killAt, end: killAt + 1e9, nodes: ['n1'] }],
      failovers: [],
      observed: {
        intervalMs: 200,
        samples: 10,
        roles: [],
        restarts: [],
        resyncs: [],
        saves: [{ time: ackOf(SAVED - 1) + 1e6, node: 'n1' }],
        persistence: [{ node: 'n1', aof: false, rdb: true }],
      },
    });
    const results = runResultsSchema.parse({
      ...fakeResults(scenario, {}),
      valid: false,
      checkers: { set },
      causes,
    });
    const m = measure(results);
    // Counted without the list: the lost writes are SAVED..WRITES-1, acknowledged 5 ms apart.
    const windowMs = (ackOf(WRITES - 1) - ackOf(SAVED)) / 1e6;
    assert.equal(windowMs, 18_995);
    assert.equal(m.lossWindowMs, windowMs);
    const listed = set.lostWrites.map((w) => w.complete ?? 0);
    assert.ok(
      (Math.max(...listed) - Math.min(...listed)) / 1e6 < 5000,
      'the list alone would say under 5 s',
    );
    assert.equal(m['causes.olderSnapshot'], WRITES - SAVED);
    assert.equal(m['causes.unexplained'], 0);
    assert.equal(m['causes.explainedPercent'], 100);
    const total = LOSS_CAUSES.reduce((s, c) => s + results.causes!.counts[c], 0);
    assert.equal(total, m['set.lost']);
    assert.equal(results.causes?.byNode.n1, WRITES - SAVED);
  });
});
