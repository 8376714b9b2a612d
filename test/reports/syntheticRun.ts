import { closeSync, mkdirSync, openSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { checkStats } from '../../src/checker/stats.js';
import { explainLosses, lostWriteColumnsOf } from '../../src/checker/lossCauses/index.js';
import type { Op, OpType } from '../../src/history/op.js';
import { RESULTS_SCHEMA_VERSION, writeResults, type RunResults } from '../../src/store/index.js';
import { mulberry32 } from '../support/mulberry32.js';

/** Options of a synthetic run directory; every field optional. */
export interface SyntheticRunOptions {
  /** History events (invokes + completions + nemesis), about. Default 4,000. */
  events?: number;
  mode?: 'async' | 'wait' | 'multi' | 'lua';
  persistence?: string;
  seed?: number;
  /** Acknowledged writes made during the partition that the final reads miss. Default 12. */
  lost?: number;
  workers?: number;
  durationS?: number;
  /** Put script and markup payloads into values, errors, descriptions and the command. */
  hostile?: boolean;
  run?: string;
  /** Of the lost writes, how many were acknowledged by n3, which nothing explains (unexplained). */
  unexplained?: number;
}

export const XSS_SCRIPT = '<script>alert(1)</script>';
export const XSS_IMG = '"><img src=x onerror=alert(1)>';

interface Ev {
  time: number;
  process: number | 'nemesis';
  type: OpType;
  f: string;
  value: unknown;
  error?: string;
  node?: string;
}

/**
 * Write a realistic run directory (`scenario.json`, `history.jsonl`, `results.json`) of the
 * set workload on a sentinel deployment with one partition of the primary and its clients:
 * writes during the cut time out (`info`) or are acknowledged and later lost, then fail with
 * READONLY until the clients follow the failover. Returns the results written.
 */
export function writeSyntheticRun(dir: string, options: SyntheticRunOptions = {}): RunResults {
  const events = options.events ?? 4000;
  const mode = options.mode ?? 'async';
  const seed = options.seed ?? 42;
  const workers = options.workers ?? 10;
  const durationS = options.durationS ?? 30;
  const hostile = options.hostile ?? false;
  const wantLost = mode === 'wait' ? 0 : (options.lost ?? 12);
  const run = options.run ?? `20250101T000000-${mode}-${seed}`;
  const rand = mulberry32(seed);
  const ns = (s: number): number => Math.round(s * 1e9);
  const cutStart = ns(durationS * 0.35);
  const demoted = ns(durationS * 0.5);
  const healed = ns(durationS * 0.65);
  const failoverAt = ns(durationS * 0.45);
  const perWorker = Math.max(2, Math.floor((events - 4 - 6) / 2 / workers));
  const gap = (durationS * 1e9) / perWorker;

  const evs: Ev[] = [];
  let nextValue = 0;
  const lostCandidates: { invoke: number; complete: number; value: unknown; process: number }[] =
    [];
  const cutWorkers = Math.max(1, Math.floor(workers / 3));
  for (let w = 0; w < workers; w++) {
    let process = w;
    let t = Math.floor(rand() * gap);
    const cut = w < cutWorkers;
    for (let k = 0; k < perWorker; k++) {
      const id = nextValue++;
      const value: unknown =
        hostile && id % 50 === 0 ? `${id % 100 === 0 ? XSS_SCRIPT : XSS_IMG} #${id}` : id;
      let latency = 0.2e6 + Math.exp(rand() * 2.5) * 0.25e6 + (rand() < 0.01 ? rand() * 40e6 : 0);
      let type: OpType = 'ok';
      let error: string | undefined;
      if (t >= cutStart && t < healed) {
        if (cut && t < demoted) {
          if (rand() < 0.08) {
            type = 'info';
            error = hostile ? `timeout ${XSS_IMG}` : 'Command timed out';
            latency = 1000e6;
          } else latency *= 1.5;
        } else if (cut) {
          type = 'fail';
          error = hostile
            ? `READONLY ${XSS_SCRIPT} You can't write against a read only replica.`
            : "READONLY You can't write against a read only replica.";
        } else if (t < failoverAt && rand() < 0.3) {
          type = 'fail';
          error = 'NOREPLICAS Not enough good replicas to write.';
        }
      } else if (rand() < 0.002) {
        type = 'info';
        error = 'Connection is closed.';
        latency = 5e6 + rand() * 30e6;
      }
      const done = t + Math.round(latency);
      const node = cut && t >= cutStart && t < demoted ? 'n1' : t >= failoverAt ? 'n2' : 'n1';
      evs.push({ time: t, process, type: 'invoke', f: 'add', value });
      const completion: Ev = { time: done, process, type, f: 'add', value, node };
      if (error !== undefined) completion.error = error;
      evs.push(completion);
      if (type === 'ok' && cut && t >= cutStart && t < demoted) {
        lostCandidates.push({ invoke: t, complete: done, value, process });
      }
      if (type === 'info') process += workers;
      t = done + Math.round(gap * (0.5 + rand()) - latency / 2);
      if (t <= done) t = done + 1000;
    }
  }
  const end = evs.reduce((m, e) => Math.max(m, e.time), 0) + 1;
  const description = hostile
    ? `n1 + clients c1,c2 ${XSS_IMG} | n2 n3`
    : 'n1 + clients c1,c2 | n2 n3';
  evs.push(
    {
      time: cutStart - 1000,
      process: 'nemesis',
      type: 'invoke',
      f: 'start-partition',
      value: { fault: 'partition', target: 'primary-with-clients' },
    },
    {
      time: cutStart,
      process: 'nemesis',
      type: 'info',
      f: 'start-partition',
      value: { fault: 'partition', description },
    },
    {
      time: healed - 1000,
      process: 'nemesis',
      type: 'invoke',
      f: 'stop-partition',
      value: { fault: 'partition' },
    },
    {
      time: healed,
      process: 'nemesis',
      type: 'info',
      f: 'stop-partition',
      value: { fault: 'partition' },
    },
  );
  for (let w = 0; w < 3; w++) {
    evs.push(
      { time: end + w * 2e6, process: 1000 + w, type: 'invoke', f: 'read', value: null },
      {
        time: end + w * 2e6 + 1e6,
        process: 1000 + w,
        type: 'ok',
        f: 'read',
        value: { node: `n${w + 1}`, count: nextValue - wantLost },
        node: `n${w + 1}`,
      },
    );
  }
  // Stable sort by time keeps each process's invoke before its completion.
  evs.sort((a, b) => a.time - b.time);

  mkdirSync(dir, { recursive: true });
  const fd = openSync(join(dir, 'history.jsonl'), 'w');
  let buf: string[] = [];
  const ops: Op[] = [];
  evs.forEach((e, index) => {
    const op: Op = {
      index,
      time: e.time,
      process: e.process,
      type: e.type,
      f: e.f,
      value: e.value,
    };
    if (e.node !== undefined) op.node = e.node;
    if (e.error !== undefined) op.error = e.error;
    ops.push(op);
    buf.push(JSON.stringify(op));
    if (buf.length >= 20_000) {
      writeSync(fd, buf.join('\n') + '\n');
      buf = [];
    }
  });
  if (buf.length > 0) writeSync(fd, buf.join('\n') + '\n');
  closeSync(fd);

  const lost = lostCandidates.slice(0, wantLost);
  const stats = checkStats(ops);
  const adds = stats.byF.add ?? { ok: 0, fail: 0, info: 0, pending: 0 };
  const acknowledged = adds.ok;
  const kept = acknowledged - lost.length;
  const scenario = {
    topology: 'sentinel',
    mode,
    workload: 'set',
    nemesis: ['partition:primary-with-clients'],
    persistence: options.persistence ?? 'none',
    redis: '7.0',
    timeLimitMs: durationS * 1000,
    concurrency: workers,
    ...(mode === 'wait' ? { waitReplicas: 2, waitTimeoutMs: 1000 } : {}),
    ...(hostile ? { note: XSS_SCRIPT } : {}),
  };
  writeFileSync(join(dir, 'scenario.json'), JSON.stringify(scenario, null, 2));
  const lostValid = lost.length === 0;
  const results: RunResults = {
    schemaVersion: RESULTS_SCHEMA_VERSION,
    run,
    valid: lostValid,
    seed,
    scenario,
    checkers: {
      set: {
        valid: lostValid,
        attempted: adds.ok + adds.fail + adds.info + adds.pending,
        acknowledged,
        failed: adds.fail,
        indeterminate: adds.info + adds.pending,
        lost: lost.length,
        lostPercent: acknowledged ? (100 * lost.length) / acknowledged : 0,
        partial: 0,
        unexpected: 0,
        recovered: Math.floor(adds.info / 2),
        duplicated: 0,
        lostWrites: lost.map((l) => ({
          element: String(l.value),
          process: l.process,
          outcome: 'ok' as const,
          node: 'n1',
          invoke: l.invoke,
          complete: l.complete,
          faults: [`partition ${description}`],
        })),
        partialElements: [],
        unexpectedElements: [],
        nodes: ['n1', 'n2', 'n3'].map((node) => ({
          node,
          role: node === 'n2' ? ('primary' as const) : ('replica' as const),
          setSize: kept,
          listSize: kept,
          missing: 0,
          extra: 0,
          partial: 0,
        })),
        lostDuringFaults: lost.length,
        lostOutsideFaults: 0,
        lostByNode: lost.length > 0 ? { n1: lost.length } : {},
      },
      stats,
    },
    faults: [
      {
        fault: 'partition',
        target: 'primary-with-clients',
        description,
        start: cutStart,
        end: healed,
        verified: true,
      },
      { fault: 'failover', description: 'sentinels promote n2', start: failoverAt },
    ],
    phases: {
      setup: 4200,
      workload: durationS * 1000,
      heal: 300,
      settle: 2100,
      'final-reads': 40,
      teardown: 900,
      check: 12,
    },
    settle: { settled: true, ms: 2100, primary: 'n2' },
    failovers: [{ time: failoverAt, from: 'n1', to: 'n2' }],
    observers: {
      replication: {
        intervalMs: 250,
        samples: 120,
        sync: { full: 1, partialOk: 2, partialErr: 0 },
        catchUps: [
          { replica: 'n1', faultEnd: healed, ms: 1840 },
          { replica: 'n3', faultEnd: healed, ms: null },
        ],
        lagMs: {
          samples: 240,
          p50: 0,
          p90: 12,
          p99: 950,
          max: 4100,
          histogram: [
            { le: 1, count: 200 },
            { le: 100, count: 30 },
            { le: 1000, count: 8 },
            { le: -1, count: 2 },
          ],
        },
      },
      failover: {
        intervalMs: 200,
        changes: [
          { time: failoverAt, from: 'n1', to: hostile ? XSS_SCRIPT : 'n2', afterFaultMs: 5120 },
        ],
      },
      multiProbe: {
        node: 'n1',
        execReplies: [
          'OK',
          hostile ? XSS_IMG : 'ERR value is not an integer or out of range',
          'OK',
        ],
        failedCommands: 1,
        othersApplied: true,
      },
    },
    command: `redcheck run --topology sentinel --mode ${mode} --workload set --nemesis partition:primary-with-clients --time-limit ${durationS}s --concurrency ${workers} --seed ${seed}${hostile ? ` --note '${XSS_IMG}'` : ''}`,
    startedAt: '2025-01-01T00:00:00.000Z',
    redisVersion: '7.0.15',
  };
  // The loss-cause pass over the lost writes, as a run would: n1's fit the failover; the
  // first `unexplained` are made n3's, which no failover, kill or cut explains.
  const unexplained = options.unexplained ?? 0;
  const lostNode = (i: number): string => (i < unexplained ? 'n3' : 'n1');
  results.causes = explainLosses(
    lostWriteColumnsOf(
      lost.map((l, i) => ({ element: String(l.value), ack: l.complete, node: lostNode(i) })),
    ),
    {
      topology: 'sentinel',
      persistence: scenario.persistence,
      nodes: ['n1', 'n2', 'n3'],
      faults: results.faults.map((f, index) => ({
        index,
        fault: f.fault,
        start: f.start,
        ...(f.end === undefined ? {} : { end: f.end }),
        nodes: f.fault === 'partition' ? ['n1', 'n2', 'n3'] : [],
        ...(f.fault === 'partition' ? { minority: ['n1'] } : {}),
      })),
      failovers: results.failovers ?? [],
      endNs: end,
    },
  );
  const set = results.checkers.set;
  if (set && 'lostByNode' in set && unexplained > 0) {
    set.lostByNode = {
      n1: lost.length - Math.min(unexplained, lost.length),
      n3: Math.min(unexplained, lost.length),
    };
  }
  writeResults(dir, results);
  return results;
}
