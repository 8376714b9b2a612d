/**
 * Observers: what a run measures beside the history while its workload runs (resyncs, replica
 * lag). `startObservers` picks those that apply to the scenario; `stop` puts their findings
 * into `results.observers`.
 */
import { errorMessage } from '../../errors.js';
import type { Deployment } from '../../cluster/types.js';
import type { RunContext } from '../runContext.js';
import { observeReplication, type ReplicationObserver } from './replication.js';
import { observeFailovers, type FailoverObserver } from './sentinel.js';
import { longScriptProbe, multiFailingCommandProbe } from './probes.js';
import { observeNodeEvents, type NodeEventsObserver } from './nodeEvents.js';

/**
 * The node observer of each run: it outlives the workload (a failover's demotion and resync
 * often come with the heal), until `stopNodeObserver` at the check.
 */
const nodeObservers = new WeakMap<RunContext, NodeEventsObserver>();

/** How long the node observer goes on after the workload: the heal and the settle. */
const NODE_OBSERVER_GRACE_MS = 20_000;

/**
 * Stop the run's node observer (roles, restarts, resyncs, RDB saves on every topology) and
 * put what it saw into `results.observers.nodes`. Idempotent; never throws.
 */
export async function stopNodeObserver(run: RunContext): Promise<void> {
  const o = nodeObservers.get(run);
  if (o === undefined) return;
  nodeObservers.delete(run);
  try {
    const nodes = await o.stop();
    run.results.observers = { ...run.results.observers, nodes };
    run.log(
      `[observer] nodes: ${nodes.roles.length} role changes, ${nodes.restarts.length} restarts, ${nodes.resyncs.length} resyncs served, ${nodes.saves.length} RDB saves (${nodes.samples} samples)`,
    );
  } catch (e) {
    run.log(`[observer] node observer failed: ${errorMessage(e)}`);
  }
}

/** How long C4's script runs, and when (share of the time limit). */
const LONG_SCRIPT_MS = 2000;

export interface Observers {
  /** Stop every observer and store what it found in `run.results.observers`. Never throws. */
  stop(): Promise<void>;
}

/** Start the observers that apply to the run's topology; a failing one is logged, never fatal. */
export async function startObservers(
  run: RunContext,
  d: Pick<Deployment, 'nodes' | 'redisPort' | 'topology' | 'sentinelPort' | 'masterName' | 'auth'>,
): Promise<Observers> {
  const probes = startProbes(run, d);
  nodeObservers.set(
    run,
    observeNodeEvents(d, () => run.clock.now()),
  );
  let replication: ReplicationObserver | undefined;
  const failover: FailoverObserver | undefined =
    d.topology === 'sentinel' ? observeFailovers(d, () => run.clock.now()) : undefined;
  if (d.topology === 'replication' || d.topology === 'sentinel') {
    try {
      replication = await observeReplication(d, () => run.clock.now());
    } catch (e) {
      run.log(`[observer] replication observer not started: ${errorMessage(e)}`);
    }
  }
  return {
    async stop() {
      // The node observer sees the heal and the settle, then stops on its own at the latest.
      const nodes = nodeObservers.get(run);
      if (nodes !== undefined) {
        setTimeout(() => {
          if (nodeObservers.get(run) === nodes) void stopNodeObserver(run);
        }, NODE_OBSERVER_GRACE_MS).unref();
      }
      await probes.stop();
      if (failover) {
        const starts = (run.driver?.faults() ?? []).map((f) => f.start).sort((a, b) => a - b);
        const f = await failover.stop(starts);
        run.results.observers = { ...run.results.observers, failover: f };
        for (const c of f.changes) {
          run.log(
            `[observer] primary ${c.from ?? '?'} -> ${c.to} at ${(c.time / 1e9).toFixed(1)}s${c.afterFaultMs === null ? '' : `, ${c.afterFaultMs} ms after the fault`}`,
          );
        }
      }
      if (!replication) return;
      try {
        const ends = (run.driver?.faults() ?? []).flatMap((f) =>
          f.end === undefined ? [] : [f.end],
        );
        const r = await replication.stop(ends);
        run.results.observers = { ...run.results.observers, replication: r };
        run.log(
          `[observer] resyncs: full ${r.sync.full}, partial ok ${r.sync.partialOk}, partial err ${r.sync.partialErr}; replica lag p50 ${r.lagMs.p50} ms, p99 ${r.lagMs.p99} ms, max ${r.lagMs.max} ms (${r.lagMs.samples} samples)`,
        );
      } catch (e) {
        run.log(`[observer] replication observer failed: ${errorMessage(e)}`);
      }
    },
  };
}

/**
 * The probes the scenario asks for by its settings: C3's failing command in every `multi`
 * run; C4's long script in a `lua` run whose `redisConfig` sets `busy-reply-threshold`
 * (a third of the way into the workload). Both act on the first primary (`n1`).
 */
function startProbes(
  run: RunContext,
  d: Pick<Deployment, 'nodes' | 'redisPort' | 'topology' | 'auth'>,
): { stop(): Promise<void> } {
  const s = run.scenario;
  const n1 = d.nodes[0];
  if (!n1 || d.topology === 'cluster') return { stop: () => Promise.resolve() };
  const at = { host: n1.ip, port: d.redisPort };
  const jobs: Promise<void>[] = [];
  let timer: NodeJS.Timeout | undefined;
  if (s.mode === 'multi') {
    jobs.push(
      multiFailingCommandProbe(at, n1.name, d.auth).then(
        (r) => {
          run.results.observers = { ...run.results.observers, multiProbe: r };
          run.log(
            `[probe] MULTI with a failing INCR: EXEC replied ${r.execReplies.join(' | ')}; the other commands ${r.othersApplied ? 'were applied (no rollback)' : 'were not applied'}`,
          );
        },
        (e: unknown) => run.log(`[probe] MULTI probe failed: ${errorMessage(e)}`),
      ),
    );
  }
  if (s.mode === 'lua' && s.redisConfig.some((l) => /^\s*busy-reply-threshold\s/.test(l))) {
    jobs.push(
      new Promise<void>((resolve) => {
        timer = setTimeout(() => {
          longScriptProbe(at, n1.name, LONG_SCRIPT_MS, d.auth).then(
            (r) => {
              run.results.observers = { ...run.results.observers, longScript: r };
              run.log(
                `[probe] a ${r.scriptMs} ms Lua script: ${r.busyReplies} of ${r.pings} PINGs answered BUSY, longest wait ${r.maxPingMs} ms`,
              );
              resolve();
            },
            (e: unknown) => {
              run.log(`[probe] long-script probe failed: ${errorMessage(e)}`);
              resolve();
            },
          );
        }, s.timeLimitMs / 3);
        run.stop.signal.addEventListener('abort', () => {
          clearTimeout(timer);
          resolve();
        });
      }),
    );
  }
  return {
    async stop() {
      await Promise.all(jobs);
    },
  };
}
