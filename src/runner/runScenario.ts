import { setMaxListeners } from 'node:events';
import { writeFileSync } from 'node:fs';
import { checkStats } from '../checker/stats.js';
import { mergeValidity, exitCodeFor, type CheckResult, type Validity } from '../checker/verdict.js';
import type { FaultWindow } from '../checker/faultWindows.js';
import { createMode } from '../client/createMode.js';
import { fixedTarget } from '../client/fixedTarget.js';
import { sentinelTarget } from '../client/sentinelTarget.js';
import { onShutdown, startDeployment, type DockerDeployment } from '../cluster/index.js';
import { RedcheckError, isRedcheckError } from '../errors.js';
import { HistoryWriter, readHistory } from '../history/jsonl.js';
import {
  checkSpecsFor,
  createNemesisDriver,
  drawSchedule,
  parseNemesisSpec,
  scheduleToJson,
  zoneHomes,
  type NemesisDriver,
} from '../../nemesis/index.js';
import { WORKLOAD_REGISTRY } from '../../workloads/index.js';
import type { NodeFinalRead } from '../../workloads/workload.js';
import { runChecker, runCheckerAsync } from './checkRun.js';
import { startClock, type RunClock } from './clock.js';
import { watchPrimary } from './primaryWatcher.js';
import { collectNodeFiles } from './collectNodeFiles.js';
import { finalReads } from './finalReads.js';
import { modeWriter } from './modeWriter.js';
import { newRunId } from './newRunId.js';
import { startProgress } from './progress.js';
import { createRateLimiter } from './rateLimiter.js';
import type { RunResults } from './results.js';
import { createRunDir, updateLatest } from './runDir.js';
import { writeReportIfAvailable } from './runReport.js';
import { rerunCommand, type ResolvedScenario } from './scenario.js';
import { settle } from './settle.js';
import { runWorkers, type WorkerCounters } from './workers.js';
import type { Writer } from './writer.js';

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
}

export interface RunScenarioResult {
  /** `store/<run>/`, absolute. */
  runDir: string;
  results: RunResults;
  /** 0 valid, 1 invalid, 3 unknown (errors are thrown: exit 2). */
  exitCode: number;
}

class Interrupted extends Error {}

type Phase = keyof RunResults['phases'];

function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** Nemesis specs checked against the topology, before Docker is touched. Throws exit-2 errors. */
export function validateNemesisFor(s: ResolvedScenario): void {
  const specs = parseNemesisSpec(s.nemesis.length === 0 ? 'none' : s.nemesis.join(','));
  checkSpecsFor(specs, { topology: s.topology, nodeCount: s.replicas + 1 });
}

/**
 * Run one scenario end to end: setup, run (workers + nemesis), heal, settle, final reads,
 * node files, teardown, check, `results.json`. Everything goes to `<store>/<run>/`. On
 * SIGINT/SIGTERM or the run timeout it stops the workers, heals, tears down and keeps what was
 * recorded. Throws RedcheckError (exit 2) when the run could not be carried out, after writing
 * `results.json` with the error.
 */
export async function runScenario(o: RunScenarioOptions): Promise<RunScenarioResult> {
  const s = o.scenario;
  const log = o.log ?? ((line: string) => process.stderr.write(line + '\n'));
  validateNemesisFor(s);
  const specs = parseNemesisSpec(s.nemesis.length === 0 ? 'none' : s.nemesis.join(','));
  const schedule = drawSchedule({
    seed: s.seed,
    faults: specs,
    intervalMs: s.nemesisIntervalMs,
    timeLimitMs: s.timeLimitMs,
  });
  const workload = WORKLOAD_REGISTRY[s.workload];

  const runId = newRunId();
  const dir = createRunDir(s.store, runId);
  writeFileSync(dir.scenario, JSON.stringify(s, null, 2) + '\n');
  updateLatest(s.store, runId);
  const history = HistoryWriter.open(dir.history);
  const results: RunResults = {
    run: runId,
    valid: 'unknown',
    seed: s.seed,
    scenario: { ...s, nemesis: [...s.nemesis] },
    checkers: {},
    faults: [],
    phases: {},
    command: rerunCommand(s),
    startedAt: new Date().toISOString(),
    schedule: scheduleToJson(schedule),
  };
  log(
    `[runner] run ${runId} seed ${s.seed}: ${s.topology} ${s.mode} ${s.workload}${s.readFrom === 'replica' ? ' (reads from replicas)' : ''}, nemesis ${s.nemesis.join(',') || 'none'}, ${s.timeLimitMs / 1000}s, ${s.client} client`,
  );
  log(`[runner] writing ${dir.root}`);

  // Interruption: a signal or the run timeout aborts; every phase below checks it.
  const abort = new AbortController();
  // Every worker and the nemesis wait on it.
  setMaxListeners(s.concurrency + 20, abort.signal);
  let interrupted: string | undefined;
  const interrupt = (why: string): void => {
    if (interrupted !== undefined) return;
    interrupted = why;
    log(`[runner] ${why}: stopping workers, healing, tearing down`);
    abort.abort();
  };
  const aborted = new Promise<never>((_, reject) => {
    abort.signal.addEventListener('abort', () => reject(new Interrupted(interrupted)), {
      once: true,
    });
  });
  aborted.catch(() => undefined);
  const abortable = <T>(p: Promise<T>): Promise<T> => Promise.race([p, aborted]);
  let finish!: () => void;
  const finished = new Promise<void>((resolve) => (finish = resolve));
  const hook = async (): Promise<void> => {
    interrupt('interrupted by a signal');
    await finished;
  };
  let unhook = onShutdown(hook);
  const runTimer = setTimeout(
    () => interrupt(`run timeout after ${Math.round(s.runTimeoutMs / 1000)}s`),
    s.runTimeoutMs,
  );
  runTimer.unref();

  let phaseStart = Date.now();
  const endPhase = (phase: Phase): void => {
    const now = Date.now();
    results.phases[phase] = now - phaseStart;
    phaseStart = now;
  };

  let deployment: DockerDeployment | undefined;
  let driver: NemesisDriver | undefined;
  let healed = false;
  let reads: NodeFinalRead<unknown>[] | undefined;
  let failure: unknown;
  const counters: WorkerCounters = { ok: 0, fail: 0, info: 0, inFlight: 0 };
  let clock: RunClock = startClock();
  const writers: Writer[] = [];

  try {
    // 1. setup
    const starting = o.deployment
      ? Promise.resolve(o.deployment)
      : startDeployment(
          {
            topology: s.topology,
            redis: s.redis,
            replicas: s.topology === 'standalone' ? 0 : s.replicas,
            persistence: s.persistence,
            minReplicasToWrite: s.minReplicasToWrite,
            minReplicasMaxLag: Math.max(1, s.minReplicasMaxLag),
            runId,
            extraRedisConfig: s.redisConfig,
          },
          { log },
        );
    // If we stop waiting (interrupt), still remove the deployment once it exists.
    starting.catch(() => undefined);
    try {
      deployment = await abortable(starting);
    } catch (e) {
      if (e instanceof Interrupted)
        void starting.then(
          (d) => d.dispose(),
          () => undefined,
        );
      throw e;
    }
    // Our hook must run before the cluster's own dispose hook: re-register as the newest.
    unhook();
    unhook = onShutdown(hook);
    results.redisVersion = await redisVersion(deployment);
    endPhase('setup');

    // 2. run
    const d = deployment;
    driver = createNemesisDriver({
      deployment: d,
      schedule,
      record: (op) => {
        history.append({ ...op, time: clock.now() });
      },
      now: () => clock.now(),
      log,
    });
    await abortable(driver.setup());
    const mode = createMode(s.mode, {
      waitReplicas: s.waitReplicas,
      waitTimeoutMs: s.waitTimeoutMs,
    });
    const homes = zoneHomes(d.zones, d.nodes);
    results.deployment = {
      nodes: d.nodes.map((n) => ({ name: n.name, ip: n.ip })),
      zones: d.zones.map((z, i) => ({
        name: z.name,
        ip: z.ip,
        ...(homes[i] ? { node: homes[i].node } : {}),
      })),
      ...(d.network ? { network: d.network.name } : {}),
    };
    const byIp = new Map(d.nodes.map((n) => [n.ip, n.name]));
    for (let i = 0; i < s.concurrency; i++) {
      const zone = d.zones.length > 0 ? d.zones[i % d.zones.length] : undefined;
      const client = {
        commandTimeoutMs: s.opTimeoutMs,
        connectTimeoutMs: s.opTimeoutMs,
        ...(zone ? { localAddress: zone.ip } : {}),
      };
      const primary = d.nodes[0];
      if (!primary) throw new RedcheckError('E_SETUP_FAILED', 'the deployment has no nodes');
      const target =
        s.topology === 'sentinel'
          ? sentinelTarget({
              sentinels: d.nodes.map((n) => ({ host: n.ip, port: d.sentinelPort })),
              name: d.masterName ?? 'mymaster',
              client,
            })
          : fixedTarget(
              { host: primary.ip, port: d.redisPort },
              d.nodes.slice(1).map((n) => ({ host: n.ip, port: d.redisPort })),
            );
      writers.push(
        modeWriter({
          mode,
          target,
          opTimeoutMs: s.opTimeoutMs,
          nodeName: (host) => byIp.get(host),
          connectionName: `w${i}`,
          readFrom: s.readFrom,
          client: s.client,
          ...(zone ? { localAddress: zone.ip } : {}),
        }),
      );
    }
    log(
      `[runner] ${s.concurrency} workers in zones ` +
        homes
          .map((h, z) => {
            const ws = writers.map((_, i) => i).filter((i) => i % d.zones.length === z);
            return `${h.zone}(next to ${h.node}): ${ws.map((i) => `w${i}`).join(' ')}`;
          })
          .join('; '),
    );
    clock = startClock();
    const progress = startProgress(
      {
        elapsedMs: () => clock.elapsedMs(),
        limitMs: s.timeLimitMs,
        counters,
        activeFaults: () => driver?.active() ?? [],
      },
      { stream: o.progress ?? process.stderr, quiet: o.progress === null },
    );
    const watcher = s.topology === 'sentinel' ? watchPrimary(d, () => clock.now(), log) : undefined;
    try {
      const nemesisDone = driver.run(abort.signal);
      await runWorkers(
        {
          writers,
          workload,
          history,
          clock,
          rate: createRateLimiter(s.rate),
          deadlineMs: s.timeLimitMs,
          signal: abort.signal,
        },
        counters,
      );
      await nemesisDone;
    } finally {
      progress.stop();
      await Promise.all(writers.map((w) => w.close()));
      if (watcher) results.failovers = await watcher.stop();
    }
    const runMs = clock.elapsedMs();
    results.opsPerSec = Math.round(((counters.ok + counters.fail + counters.info) * 1000) / runMs);
    log(
      `[runner] workload done: ok ${counters.ok} fail ${counters.fail} info ${counters.info} ` +
        `(${results.opsPerSec} ops/s)`,
    );
    endPhase('run');

    // 3. heal
    await driver.healAll();
    await driver.teardown();
    healed = true;
    endPhase('heal');
    if (interrupted !== undefined) throw new Interrupted(interrupted);

    // 4. settle
    log(`[runner] settling (at most ${s.settleTimeoutMs / 1000}s)`);
    results.settle = await abortable(settle(d, s.settleTimeoutMs));
    log(
      results.settle.settled
        ? `[runner] settled in ${results.settle.ms} ms, primary ${results.settle.primary}`
        : `[runner] warning: ${results.settle.reason}`,
    );
    endPhase('settle');

    // 5. final reads, node files
    reads = await abortable(finalReads(d, workload, results.settle.primary));
    await abortable(collectNodeFiles(d, dir));
    endPhase('final-reads');
  } catch (e) {
    if (!(e instanceof Interrupted)) failure = e;
  } finally {
    clearTimeout(runTimer);
    if (driver && !healed) {
      await driver.healAll();
      await driver.teardown();
    }
    // 6. teardown
    if (deployment && deployment !== o.deployment) {
      if (s.keep && interrupted === undefined) {
        log(
          `[runner] --keep: deployment ${runId} left running; remove it with \`redcheck cleanup\``,
        );
      } else {
        await deployment.dispose();
      }
      endPhase('teardown');
    }
    await history.close();
  }

  // 7. check
  results.faults = driver?.faults() ?? [];
  if (failure === undefined && reads !== undefined) {
    const ops = await readHistory(dir.history);
    const windows: FaultWindow[] = results.faults.map((f) => ({
      fault: f.fault,
      ...((f.description ?? f.target) ? { target: f.description ?? f.target } : {}),
      start: f.start,
      ...(f.end !== undefined ? { end: f.end } : {}),
    }));
    const finalState = reads;
    results.checkers = {
      ...(await runCheckerAsync(workload.name, () =>
        workload.check({
          history: ops,
          reads: finalState,
          faults: windows,
          checkTimeLimitMs: s.checkTimeLimitMs,
        }),
      )),
      ...runChecker('stats', () => ({ stats: checkStats(ops) })),
    } as RunResults['checkers'];
    results.valid = mergeValidity(
      Object.values(results.checkers).map((c: CheckResult): Validity => c.valid),
    );
    endPhase('check');
  } else if (interrupted !== undefined && failure === undefined) {
    results.interrupted = interrupted;
    const ops = await readHistory(dir.history).catch(() => []);
    results.checkers = {
      ...runChecker('stats', () => ({ stats: checkStats(ops) })),
      [workload.name]: { valid: 'unknown', reason: `${interrupted}: no final reads` },
    } as RunResults['checkers'];
  }
  if (failure !== undefined) {
    results.error = isRedcheckError(failure)
      ? {
          code: failure.code,
          message: failure.message,
          ...(failure.fix ? { fix: failure.fix } : {}),
        }
      : { code: 'E_INTERNAL', message: errorMessage(failure) };
  }
  if (interrupted !== undefined) results.interrupted = interrupted;
  results.finishedAt = new Date().toISOString();
  writeFileSync(dir.results, JSON.stringify(results, null, 2) + '\n');
  if (failure === undefined) await writeReportIfAvailable(dir.root, log);
  unhook();
  finish();

  if (failure !== undefined) {
    throw failure instanceof Error ? failure : new Error(errorMessage(failure));
  }
  if (interrupted !== undefined && interrupted.startsWith('run timeout')) {
    throw new RedcheckError(
      'E_RUN_TIMEOUT',
      `${interrupted}; what was recorded is in ${dir.root}`,
      'raise --run-timeout, or look at the node logs for what hung',
    );
  }
  return { runDir: dir.root, results, exitCode: exitCodeFor(results.valid) };
}

async function redisVersion(d: DockerDeployment): Promise<string | undefined> {
  const node = d.nodes[0];
  if (!node) return undefined;
  const r = await node.cli('redis', ['info', 'server']).catch(() => undefined);
  const text = r?.stdout ?? '';
  const m = /^valkey_version:(\S+)/m.exec(text) ?? /^redis_version:(\S+)/m.exec(text);
  return m?.[1];
}
