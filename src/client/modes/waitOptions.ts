import { RedcheckError } from '../../errors.js';

/**
 * A count of replicas that must confirm each write (`WAIT`'s or `WAITAOF`'s numreplicas): the
 * value given, else `fallback`; a whole number >= 0. RedcheckError E_WAIT_REPLICAS naming
 * `flag` and the value given.
 */
export function replicaCount(
  flag: string,
  given: number | undefined,
  fallback: number,
  fix: string,
): number {
  const value = given ?? fallback;
  if (!Number.isInteger(value) || value < 0) {
    throw new RedcheckError(
      'E_WAIT_REPLICAS',
      `${flag} must be a whole number >= 0, got ${String(given)}`,
      fix,
    );
  }
  return value;
}

/** The default `--wait-timeout`, in ms. */
const DEFAULT_WAIT_TIMEOUT_MS = 1000;

/**
 * `--wait-timeout` of `WAIT` or `WAITAOF` in ms (default 1000): a whole number > 0 (0 would
 * block forever). RedcheckError E_WAIT_TIMEOUT with the value given.
 */
export function waitTimeout(command: 'WAIT' | 'WAITAOF', given: number | undefined): number {
  const value = given ?? DEFAULT_WAIT_TIMEOUT_MS;
  if (!Number.isInteger(value) || value <= 0) {
    throw new RedcheckError(
      'E_WAIT_TIMEOUT',
      `--wait-timeout must be a whole number of ms > 0, got ${String(given)}`,
      `pass e.g. --wait-timeout 1000 (${command} with 0 would block forever)`,
    );
  }
  return value;
}
