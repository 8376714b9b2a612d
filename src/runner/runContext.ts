import { writeFileSync } from 'node:fs';
import type { LostWriteColumns } from '../checker/setStream/lostWriteColumns.js';
import type { HistoryLossFacts } from './lossEvidence.js';
import type { DockerDeployment } from '../cluster/index.js';
import type { SwarmSpec } from '../cluster/swarm/swarmDeployment.js';
import { HistoryWriter } from '../history/jsonl.js';
import { createRunDir, updateLatest, type RunDir } from '../store/index.js';
import { RESULTS_SCHEMA_VERSION, type RunPhase, type RunResults } from '../store/results.js';
import {
  drawSchedule,
  explicitSchedule,
  parseFaultChoices,
  scheduleToJson,
  type NemesisDriver,
  type ScheduledFault,
} from '../../nemesis/index.js';
import { workloadNamed, type Workload } from '../../workloads/index.js';
import { startClock, type RunClock } from './clock.js';
import { startInterruption, type Interruption } from './interruption.js';
import { newRunId } from './newRunId.js';
import { rerunCommand, type ResolvedScenario } from './scenario.js';
import type { WorkerCounters } from './workers.js';

export interface RunScenarioOptions {
  scenario: ResolvedScenario;
  /** Log lines (`[runner] ...`); default stderr. */
  log?: (line: string) => void;
  /** Where the progress line goes; `null` for none. Default stderr. */
  progress?: NodeJS.WriteStream | null;
  /**
   * Use this started deployment instead of starting one (benchmarks: measure something else
   * against the same containers). The caller owns it: the runner never disposes it.
   */
  deployment?: DockerDeployment;
  /** Place the nodes over these engines of one swarm (`run --engines`); default one engine. */
  engines?: SwarmSpec;
}

/**
 * Everything the phases of one run share. Each phase reads what the earlier ones left here
 * and adds its own part; `results` is what `results.json` will hold.
 */
export interface RunContext {
  readonly scenario: ResolvedScenario;
  readonly workload: Workload;
  /** The faults to inject, drawn from the seed before anything starts. */
  readonly schedule: readonly ScheduledFault[];
  readonly dir: RunDir;
  readonly history: HistoryWriter;
  readonly results: RunResults;
  readonly log: (line: string) => void;
  readonly options: RunScenarioOptions;
  readonly stop: Interruption;
  readonly counters: WorkerCounters;
  /** The history's clock; restarted when the workload starts. */
  clock: RunClock;
  deployment?: DockerDeployment;
  driver?: NemesisDriver;
  /** Every fault has been ended and the nemesis torn down. */
  healed: boolean;
  /** The final reads are in the history: the run can be checked. */
  readsRecorded: boolean;
  /** The error that ended the run (exit 2), if one did. */
  failure?: unknown;
  /** Lines for the terminal about the verdict, from the workload. */
  summary: string[];
  /** Every lost write the workload's checker found (set workload), for the passes after it. */
  lostWrites?: LostWriteColumns;
  /** What the loss-cause pass needs of the history, from the check's reading of it. */
  lossFacts?: HistoryLossFacts;
}

/**
 * Open a run: its folder in the store (with `scenario.json` and `latest`), its history, the
 * results it will fill in, and the stop machinery (signals, run timeout).
 */
export function openRun(o: RunScenarioOptions): RunContext {
  const s = o.scenario;
  const log = o.log ?? ((line: string) => process.stderr.write(line + '\n'));
  const schedule =
    s.schedule !== undefined
      ? explicitSchedule(s.schedule, s.seed, s.nemesisIntervalMs)
      : drawSchedule({
          seed: s.seed,
          faults: parseFaultChoices(s.nemesis),
          intervalMs: s.nemesisIntervalMs,
          timeLimitMs: s.timeLimitMs,
        });
  const runId = newRunId();
  const dir = createRunDir(s.store, runId);
  writeFileSync(dir.scenario, JSON.stringify(s, null, 2) + '\n');
  updateLatest(s.store, runId);
  const results: RunResults = {
    schemaVersion: RESULTS_SCHEMA_VERSION,
    run: runId,
    valid: 'unknown',
    seed: s.seed,
    scenario: { ...s, nemesis: [...s.nemesis] },
    checkers: {},
    faults: [],
    phases: {},
    command: rerunCommand(s, dir.scenario),
    startedAt: new Date().toISOString(),
    schedule: scheduleToJson(schedule),
  };
  log(
    `[runner] run ${runId} seed ${s.seed}: ${s.topology} ${s.mode} ${s.workload}${s.readFrom === 'replica' ? ' (reads from replicas)' : ''}, nemesis ${s.nemesis.join(',') || 'none'}, ${s.timeLimitMs / 1000}s, ${s.client} client`,
  );
  log(`[runner] writing ${dir.root}`);
  // A history that cannot be written (a full disk) stops the run: the workers stop, every
  // fault is healed, what reached the file is kept, and the run ends with the error (exit 2).
  const onError = (e: Error): void => {
    run.failure ??= e;
    log(`[runner] ${e.message}`);
    run.stop.interrupt('the history cannot be written');
  };
  const run: RunContext = {
    scenario: s,
    workload: workloadNamed(s.workload),
    schedule,
    dir,
    history: HistoryWriter.open(dir.history, { onError }),
    results,
    log,
    options: o,
    // Every worker and the nemesis wait on the signal.
    stop: startInterruption({ runTimeoutMs: s.runTimeoutMs, listeners: s.concurrency + 20 }, log),
    counters: { ok: 0, fail: 0, info: 0, inFlight: 0 },
    clock: startClock(),
    healed: false,
    readsRecorded: false,
    summary: [],
  };
  return run;
}

/**
 * Run one phase, timing it into `results.phases`. With REDCHECK_DEBUG=1 it logs its start and
 * its end (`[phase] <name> ...`) with the process's memory then.
 */
export async function phase(
  run: RunContext,
  name: RunPhase,
  body: (run: RunContext) => Promise<void>,
): Promise<void> {
  const t0 = Date.now();
  const debug = process.env.REDCHECK_DEBUG !== undefined && process.env.REDCHECK_DEBUG !== '';
  if (debug) run.log(`[phase] ${name}${memoryNow()}`);
  try {
    await body(run);
  } finally {
    run.results.phases[name] = Date.now() - t0;
    if (debug) run.log(`[phase] ${name} done in ${Date.now() - t0} ms${memoryNow()}`);
  }
}

/** `, rss N MB, heap N MB, external N MB`: where a phase's memory goes (REDCHECK_DEBUG=1). */
function memoryNow(): string {
  const m = process.memoryUsage();
  const mb = (b: number): number => Math.round(b / 2 ** 20);
  return `, rss ${mb(m.rss)} MB, heap ${mb(m.heapUsed)} MB, external ${mb(m.external)} MB`;
}
