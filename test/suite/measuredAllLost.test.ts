import assert from 'node:assert/strict';
import { explainLosses, LOSS_CAUSES } from '../../src/checker/lossCauses/index.js';
import { checkSet } from '../../src/checker/set.js';
import type { Op } from '../../src/history/op.js';
import { checkStats } from '../../src/checker/stats.js';
import { explainRunLosses, historyFactsOf, probeWindowsOf } from '../../src/runner/lossEvidence.js';
import { resolveScenario } from '../../src/runner/scenario.js';
import { runResultsSchema } from '../../src/store/index.js';
import { measure } from '../../src/suite/index.js';
import { setWorkload } from '../../workloads/set/index.js';
import { fakeResults } from './fakeRun.js';

/** The final read of `node` holding `kept`, as the history holds it (one page), at `time`. */
function pushFinalRead(history: Op[], time: number, node: string, kept: string[]): void {
  const read = { process: 'final' as const, f: 'final-read', node };
  history.push({ index: 0, time, ...read, type: 'invoke', value: null });
  history.push({
    index: 0,
    time: time + 1,
    ...read,
    type: 'ok',
    value: { role: 'primary', page: 0, last: true, state: { set: kept, list: kept } },
  });
  history.forEach((op, i) => (op.index = i));
}

/** Every lost write as the run's check phase leaves them: the streamed set check's columns. */
function streamedLostOf(history: readonly Op[]) {
  const check = setWorkload.streamCheck?.() ?? assert.fail('the set workload streams');
  for (const op of history) check.push(op);
  check.endReading([]);
  check.finish();
  return check.lostWrites?.();
}

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
  pushFinalRead(history, ackOf(WRITES - 1) + 2e9, 'n1', kept);

  it('lossWindowMs and every cause count are counted over the 3,800 lost, not the 1,000 listed', () => {
    const set = checkSet({ history, finalReads });
    assert.equal(set.lost, WRITES - SAVED);
    assert.equal(set.lostWrites.length, 1000, 'the checker lists 1,000');
    const lost = streamedLostOf(history);
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

/**
 * A cluster run of 20,000 writes to n2, one a millisecond: n2 is cut off at 12 s and keeps
 * acknowledging until 14.3 s; those 2,300 writes are lost. The probe's ops (lane c2>n2
 * acknowledged every 200 ms until 14.1 s, then refused; lane c1>n2 timing out through the
 * cut) are in the same history. Every measure comes from all the lost writes and the probe's
 * ops, none from the 1,000 listed, and the probe's ops count for no checker.
 */
describe('cluster minority measures from every lost write and the probe, never the listed sample', () => {
  const WRITES = 20_000;
  const CUT = 12e9;
  const HEAL = 22e9;
  const STOPPED = 14.3e9;
  const ackOf = (i: number): number => 1e9 + i * 1e6 + 4e5;
  const isLost = (i: number): boolean => ackOf(i) >= CUT && ackOf(i) <= STOPPED;
  const history: Op[] = [];
  for (let i = 0; i < WRITES; i++) {
    const base = { index: 0, process: i % 7, f: 'add', value: i };
    history.push({ ...base, time: ackOf(i) - 4e5, type: 'invoke' });
    history.push({ ...base, time: ackOf(i), type: 'ok', node: 'n2' });
  }
  let probeOk = 0;
  for (let t = 0.5e9; t < 21e9; t += 200e6) {
    const own = { index: 0, process: 'probe' as const, f: 'probe', value: 'c2>n2' };
    const refused = t > STOPPED - 100e6 && t < HEAL;
    history.push({ ...own, time: t, type: 'invoke' });
    history.push({
      ...own,
      time: t + 1e6,
      type: refused ? 'fail' : 'ok',
      node: 'n2',
      ...(refused ? { error: 'CLUSTERDOWN The cluster is down' } : {}),
    });
    if (!refused) probeOk++;
    const other = { index: 0, process: 'probe' as const, f: 'probe', value: 'c1>n2' };
    const cut = t >= CUT && t < HEAL;
    history.push({ ...other, time: t + 1, type: 'invoke' });
    history.push({
      ...other,
      time: t + (cut ? 150e6 : 2e6),
      type: cut ? 'info' : 'ok',
      node: 'n2',
      ...(cut ? { error: 'Command timed out' } : {}),
    });
  }
  const groups = [
    ['n2', 'c2'],
    ['n1', 'n3', 'n4', 'n5', 'n6', 'c1', 'c3', 'c4', 'c5', 'c6'],
  ];
  const partition = { fault: 'partition', target: 'shard-primary-with-clients' };
  history.push({
    index: 0,
    time: CUT + 900e6,
    process: 'nemesis',
    type: 'info',
    f: 'start-partition',
    value: { ...partition, groups, at: CUT, cutMs: 400 },
  });
  history.push({
    index: 0,
    time: HEAL,
    process: 'nemesis',
    type: 'info',
    f: 'stop-partition',
    value: { ...partition, at: HEAL },
  });
  history.sort((a, b) => a.time - b.time);
  const kept = Array.from({ length: WRITES }, (_, i) => i)
    .filter((i) => !isLost(i))
    .map(String);
  const finalReads = [{ node: 'n2', primary: true, set: kept, list: kept }];
  pushFinalRead(history, HEAL + 5e9, 'n2', kept);

  it('lossWindowMs, minorityAckMs and causes.clusterMinority are counted over every lost write and probe op', () => {
    const LOST = Array.from({ length: WRITES }, (_, i) => i).filter(isLost).length;
    assert.equal(LOST, 2300);
    const set = checkSet({ history, finalReads });
    assert.equal(set.lost, LOST);
    assert.equal(set.acknowledged, WRITES, 'the probe writes are not the workload');
    assert.equal(set.lostWrites.length, 1000, 'the checker lists 1,000');
    assert.equal(checkStats(history).total, WRITES, 'nor counted as ops');
    const lost = streamedLostOf(history) ?? assert.fail('columns');
    assert.equal(lost.count, LOST);

    const scenario = resolveScenario({ topology: 'cluster', seed: 5 });
    const nodes = ['n1', 'n2', 'n3', 'n4', 'n5', 'n6'];
    const results = runResultsSchema.parse({
      ...fakeResults(scenario, {}),
      valid: false,
      checkers: { set },
      faults: [{ ...partition, start: CUT, end: HEAL }],
      failovers: [{ time: 16e9, from: 'n2', to: 'n5', shard: 's2' }],
      deployment: { nodes: nodes.map((name, i) => ({ name, ip: `10.0.0.${i + 2}` })), zones: [] },
      probe: { intervalMs: 200, lanes: 2, ops: { ok: probeOk, fail: 0, info: 0 } },
    });
    const facts = historyFactsOf(history);
    const windows = probeWindowsOf(results, facts) ?? assert.fail('the history holds probe ops');
    results.probe = { ...(results.probe ?? assert.fail('probe')), ...windows };
    results.causes = explainRunLosses(results, lost, facts) ?? assert.fail('causes');
    const m = measure(results);

    // Counted without the list: the first and last lost acknowledgements, by construction.
    const lostIdx = Array.from({ length: WRITES }, (_, i) => i).filter(isLost);
    const windowMs = (ackOf(lostIdx.at(-1) as number) - ackOf(lostIdx[0] as number)) / 1e6;
    assert.equal(m.lossWindowMs, windowMs);
    assert.ok(windowMs > 2000);
    const listed = set.lostWrites.map((w) => w.complete ?? 0);
    assert.ok(
      (Math.max(...listed) - Math.min(...listed)) / 1e6 < 1000,
      'the list alone says under 1 s',
    );
    // The probe: c2>n2's last write sent after the cut and acknowledged, minus the cut.
    let lastProbeAck = 0;
    for (let t = 0.5e9; t < 21e9; t += 200e6) {
      if (t >= CUT && t <= STOPPED - 100e6) lastProbeAck = t + 1e6;
    }
    assert.equal(m.minorityAckMs, Math.round((lastProbeAck - CUT) / 1e6));
    assert.equal(m.minorityAckMs, 2101);
    assert.equal(results.probe.cuts?.[0]?.cutMs, 400);
    assert.equal(m['causes.clusterMinority'], LOST);
    assert.equal(m['causes.unexplained'], 0);
    assert.equal(m['set.lost'], LOST);
    const group = results.causes.groups[0];
    assert.equal(group?.evidence.minorityAckMs, 2101);
    assert.match(group?.sentence ?? '', /the probe saw it acknowledge for 2\.10 s after the cut/);
  });
});
