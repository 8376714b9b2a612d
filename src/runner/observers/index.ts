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

export interface Observers {
  /** Stop every observer and store what it found in `run.results.observers`. Never throws. */
  stop(): Promise<void>;
}

/** Start the observers that apply to the run's topology; a failing one is logged, never fatal. */
export async function startObservers(
  run: RunContext,
  d: Pick<Deployment, 'nodes' | 'redisPort' | 'topology' | 'sentinelPort' | 'masterName'>,
): Promise<Observers> {
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
