import { RedcheckError } from '../../errors.js';

/**
 * A count of replicas that must confirm each write (`WAIT`'s or `WAITAOF`'s numreplicas): a
 * whole number >= 0. RedcheckError E_WAIT_REPLICAS naming `flag` and the value given.
 */
export function replicaCount(flag: string, value: number, given: unknown, fix: string): number {
  if (!Number.isInteger(value) || value < 0) {
    throw new RedcheckError(
      'E_WAIT_REPLICAS',
      `${flag} must be a whole number >= 0, got ${String(given)}`,
      fix,
    );
  }
  return value;
}

/**
 * `--wait-timeout` of `WAIT` or `WAITAOF` in ms: a whole number > 0 (0 would block forever).
 * RedcheckError E_WAIT_TIMEOUT with the value given.
 */
export function waitTimeout(command: 'WAIT' | 'WAITAOF', value: number, given: unknown): number {
  if (!Number.isInteger(value) || value <= 0) {
    throw new RedcheckError(
      'E_WAIT_TIMEOUT',
      `--wait-timeout must be a whole number of ms > 0, got ${String(given)}`,
      `pass e.g. --wait-timeout 1000 (${command} with 0 would block forever)`,
    );
  }
  return value;
}
