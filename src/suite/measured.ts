/**
 * The numbers a scenario's expectations compare, taken from its stored `results.json`:
 * `valid`, every checker's verdict and numeric fields (`set.lost`, `linearizable.valid`,
 * `stats.total`), and the derived measures below.
 */
import type { z } from 'zod';
import {
  CHECKER_NAMES,
  CHECKER_SCHEMAS,
  checkerResult,
  isCheckerUnavailable,
  type RunResults,
} from '../store/index.js';
import type { Measure } from './expectation.js';
import {
  LOSS_CAUSES,
  LOSS_CAUSE_LABEL,
  LOSS_CAUSE_TEXT,
  causeMeasureName,
} from '../checker/lossCauses/index.js';

/** The measures not read straight from a checker, with what each one means. */
export const DERIVED_MEASURES: Readonly<Record<string, string>> = {
  valid: "the run's verdict: every checker merged (true, false or unknown)",
  failovers: 'primary changes observed during the run',
  primaryChanged:
    'whether the primary agreed on after the settle is another node than the first primary (n1)',
  failoverMs:
    'ms from the start of the fault before the first failover to that failover (absent without one)',
  lossWindowMs:
    "ms from the first lost write's acknowledgement to the last one's, over every lost write (0 when none was lost)",
  minorityAckMs:
    'cluster: ms a primary cut off in a minority kept acknowledging after the cut, the largest over the cuts, measured by the runner probe (absent without a cut primary)',
  'causes.explainedPercent':
    'percent of lost writes given a cause other than unexplained (100 when none was lost)',
  ...Object.fromEntries(
    LOSS_CAUSES.map((c) => [
      causeMeasureName(c),
      `lost writes whose cause is ${LOSS_CAUSE_LABEL[c]}: ${LOSS_CAUSE_TEXT[c]}`,
    ]),
  ),
  replicaMissing:
    'acknowledged writes missing from the replicas after the settle, summed over them (set workload)',
  'failover.count':
    'primary changes the sentinels agreed on, polled over TCP every 250 ms (failover observer)',
  'failover.ms':
    'ms from the start of the fault to the first primary change the sentinels agreed on',
  'multi.failedCommands':
    "C3's probe: commands of a MULTI (SET, INCR on text, SET) that failed at run time",
  'multi.othersApplied':
    "C3's probe: whether the transaction's other commands were applied (no rollback)",
  'lua.scriptMs': "C4's probe: how long the long Lua script ran (ms)",
  'lua.busyReplies': "C4's probe: PINGs from another connection answered BUSY meanwhile",
  'lua.maxPingMs': "C4's probe: the longest a PING waited meanwhile (ms)",
  'resync.full': 'full resyncs during the workload (INFO stats sync_full, summed over the nodes)',
  'resync.partialOk': 'partial resyncs accepted during the workload (sync_partial_ok)',
  'resync.partialErr': 'partial resyncs refused during the workload (sync_partial_err)',
  'resync.catchUpMs':
    'the longest time a replica took, after a fault ended, to be linked with everything the primary had then',
  'resync.notCaughtUp': 'replica catch-ups that did not complete before the workload ended',
  'lag.p50Ms': "replicas' lag behind the primary, median over the samples (ms)",
  'lag.p99Ms': "replicas' lag behind the primary, 99th percentile (ms)",
  'lag.maxMs': "replicas' largest lag behind the primary (ms)",
  'lag.samples': 'replica lag samples taken',
  settled: 'whether the deployment settled after the heal',
  settleMs: 'ms the settle phase took',
  opsPerSec: 'client ops completed per second during the workload',
};

function isNumericField(schema: z.ZodType): boolean {
  const def = schema.def as { type: string; innerType?: z.ZodType };
  if (def.type === 'optional' && def.innerType) return isNumericField(def.innerType);
  return def.type === 'number';
}

/** `set.lost`, `linearizable.opCount`, ...: every checker's numeric fields, from its schema. */
export const CHECKER_MEASURES: readonly string[] = CHECKER_NAMES.flatMap((name) => [
  `${name}.valid`,
  ...Object.entries(CHECKER_SCHEMAS[name].shape as Record<string, z.ZodType>)
    .filter(([, s]) => isNumericField(s))
    .map(([field]) => `${name}.${field}`),
]);

const KNOWN = new Set([...Object.keys(DERIVED_MEASURES), ...CHECKER_MEASURES]);

/** Whether an expectation may name `name` (a typo is an error when the file loads). */
export function isKnownMeasure(name: string): boolean {
  return KNOWN.has(name);
}

/** Every known name, for error messages and the docs. */
export function knownMeasures(): string[] {
  return [...KNOWN];
}

/** The measured values of one stored run, by name. Absent names were not measured. */
export function measure(results: RunResults): Record<string, Measure> {
  const out: Record<string, Measure> = { valid: results.valid };
  for (const name of CHECKER_NAMES) {
    const entry = results.checkers[name];
    if (entry === undefined) continue;
    out[`${name}.valid`] = entry.valid;
    if (isCheckerUnavailable(entry)) continue;
    for (const [field, v] of Object.entries(entry)) {
      if (typeof v === 'number' && Number.isFinite(v)) out[`${name}.${field}`] = v;
    }
  }
  out.failovers = results.failovers?.length ?? 0;
  const fo = results.failovers?.[0];
  if (fo) {
    const cause = [...results.faults]
      .reverse()
      .find((f) => f.fault !== 'failover' && f.start <= fo.time);
    if (cause) out.failoverMs = round((fo.time - cause.start) / 1e6);
  }
  if (results.probe?.minorityAckMs !== undefined) out.minorityAckMs = results.probe.minorityAckMs;
  const set = checkerResult(results, 'set');
  const causes = results.causes;
  if (causes) {
    out.lossWindowMs = causes.lossWindowMs;
    out['causes.explainedPercent'] = causes.explainedPercent;
    for (const c of LOSS_CAUSES) out[causeMeasureName(c)] = causes.counts[c];
  }
  if (set) {
    // A version 1 run has no causes: its window from the writes listed (the first 1,000).
    if (causes === undefined && set.lostWrites.length === 0) out.lossWindowMs = 0;
    else if (causes === undefined) {
      const first = Math.min(...set.lostWrites.map((w) => w.invoke));
      const last = Math.max(...set.lostWrites.map((w) => w.complete ?? w.invoke));
      out.lossWindowMs = round((last - first) / 1e6);
    }
    out.replicaMissing = set.nodes
      .filter((n) => n.role === 'replica')
      .reduce((sum, n) => sum + n.missing, 0);
  }
  const fo2 = results.observers?.failover;
  if (fo2) {
    out['failover.count'] = fo2.changes.length;
    const ms = fo2.changes[0]?.afterFaultMs;
    if (ms !== undefined && ms !== null) out['failover.ms'] = ms;
  }
  const multi = results.observers?.multiProbe;
  if (multi) {
    out['multi.failedCommands'] = multi.failedCommands;
    out['multi.othersApplied'] = multi.othersApplied;
  }
  const lua = results.observers?.longScript;
  if (lua) {
    out['lua.scriptMs'] = lua.scriptMs;
    out['lua.busyReplies'] = lua.busyReplies;
    out['lua.maxPingMs'] = lua.maxPingMs;
  }
  const repl = results.observers?.replication;
  if (repl) {
    out['resync.full'] = repl.sync.full;
    out['resync.partialOk'] = repl.sync.partialOk;
    out['resync.partialErr'] = repl.sync.partialErr;
    const done = repl.catchUps.flatMap((c) => (c.ms === null ? [] : [c.ms]));
    if (done.length > 0) out['resync.catchUpMs'] = Math.max(...done);
    out['resync.notCaughtUp'] = repl.catchUps.length - done.length;
    out['lag.samples'] = repl.lagMs.samples;
    if (repl.lagMs.samples > 0) {
      out['lag.p50Ms'] = repl.lagMs.p50;
      out['lag.p99Ms'] = repl.lagMs.p99;
      out['lag.maxMs'] = repl.lagMs.max;
    }
  }
  const first = results.deployment?.nodes[0]?.name;
  if (first !== undefined && results.settle?.primary !== undefined) {
    out.primaryChanged = results.settle.primary !== first;
  }
  if (results.settle) {
    out.settled = results.settle.settled;
    out.settleMs = results.settle.ms;
  }
  if (results.opsPerSec !== undefined) out.opsPerSec = round(results.opsPerSec);
  return out;
}

function round(n: number): number {
  return Math.round(n * 1000) / 1000;
}
