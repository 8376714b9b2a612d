import { RedcheckError } from '../../errors.js';
import type { Mode } from '../mode.js';
import type { Outcome } from '../outcome.js';
import { confirmedWrite } from './confirmedWrite.js';
import { replicaCount, waitTimeout } from './waitOptions.js';

export interface WaitaofModeOptions {
  /** `WAITAOF numlocal`: 1 waits until the primary has fsynced its AOF; default 1. */
  waitaofLocal?: number;
  /** `WAITAOF numreplicas`: replicas that must have fsynced the write; default 0. */
  waitaofReplicas?: number;
  /** `WAITAOF ... timeout` in ms (0 would block forever, so it is refused). Default 1000. */
  waitTimeoutMs?: number;
}

export interface ResolvedWaitaofModeOptions {
  waitaofLocal: 0 | 1;
  waitaofReplicas: number;
  waitTimeoutMs: number;
}

export function resolveWaitaofModeOptions(
  options: WaitaofModeOptions = {},
): ResolvedWaitaofModeOptions {
  const local = options.waitaofLocal ?? 1;
  if (local !== 0 && local !== 1) {
    throw new RedcheckError(
      'E_WAIT_REPLICAS',
      `--waitaof-local must be 0 or 1, got ${String(options.waitaofLocal)}`,
      'pass --waitaof-local 1 to wait for the primary to fsync its AOF, 0 not to',
    );
  }
  return {
    waitaofLocal: local,
    waitaofReplicas: replicaCount(
      '--waitaof-replicas',
      options.waitaofReplicas,
      0,
      'pass the number of replicas that must fsync each write, e.g. --waitaof-replicas 1',
    ),
    waitTimeoutMs: waitTimeout('WAITAOF', options.waitTimeoutMs),
  };
}

/**
 * `waitaof` (Redis 7.2 and later): the commands, then `WAITAOF numlocal numreplicas timeout`
 * in one pipeline. Ack only when WAITAOF reports at least `numlocal` local and `numreplicas`
 * replica fsyncs of the write; fewer, or an error from WAITAOF, is `info` (applied on the
 * primary, durability not confirmed), never `fail`.
 */
export function waitaofMode(options: WaitaofModeOptions = {}): Mode {
  const { waitaofLocal, waitaofReplicas, waitTimeoutMs } = resolveWaitaofModeOptions(options);
  return {
    name: 'waitaof',
    write: (commands, context): Promise<Outcome> =>
      confirmedWrite(
        commands,
        ['WAITAOF', waitaofLocal, waitaofReplicas, waitTimeoutMs],
        waitTimeoutMs,
        context,
        (reply) => {
          const counts = Array.isArray(reply) ? reply.map(Number) : [];
          const [local, replicas] = counts;
          if (local === undefined || replicas === undefined) {
            return `unexpected reply ${JSON.stringify(reply)}`;
          }
          return local < waitaofLocal || replicas < waitaofReplicas
            ? `fsynced locally ${local} of ${waitaofLocal}, on replicas ${replicas} of ${waitaofReplicas}`
            : undefined;
        },
      ),
  };
}
