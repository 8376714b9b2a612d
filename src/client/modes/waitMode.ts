import type { Mode } from '../mode.js';
import type { Outcome } from '../outcome.js';
import { confirmedWrite } from './confirmedWrite.js';
import { replicaCount, waitTimeout } from './waitOptions.js';

export interface WaitModeOptions {
  /** Replicas that must confirm the write (`WAIT numreplicas`). Default 1. */
  waitReplicas?: number;
  /** `WAIT ... timeout` in ms (0 would block forever, so it is refused). Default 1000. */
  waitTimeoutMs?: number;
}

export interface ResolvedWaitModeOptions {
  waitReplicas: number;
  waitTimeoutMs: number;
}

export function resolveWaitModeOptions(options: WaitModeOptions = {}): ResolvedWaitModeOptions {
  return {
    waitReplicas: replicaCount(
      '--wait-replicas',
      options.waitReplicas,
      1,
      'pass the number of replicas that must confirm each write, e.g. --wait-replicas 2',
    ),
    waitTimeoutMs: waitTimeout('WAIT', options.waitTimeoutMs),
  };
}

/**
 * `wait`: the commands, then `WAIT numreplicas timeout`, in one pipeline. Ack only when WAIT
 * reports at least `waitReplicas`; fewer is `info` (applied on the primary, not confirmed),
 * never `fail`. The client-side timeout of the pipeline is the command timeout plus the
 * WAIT timeout, so WAIT's own answer normally arrives first.
 */
export function waitMode(options: WaitModeOptions = {}): Mode {
  const { waitReplicas, waitTimeoutMs } = resolveWaitModeOptions(options);
  return {
    name: 'wait',
    write: (commands, context): Promise<Outcome> =>
      confirmedWrite(
        commands,
        ['WAIT', waitReplicas, waitTimeoutMs],
        waitTimeoutMs,
        context,
        (acked) =>
          Number(acked) >= waitReplicas
            ? undefined
            : `${String(acked)} of ${waitReplicas} replicas acknowledged`,
      ),
  };
}
