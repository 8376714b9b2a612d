import { parseDuration } from './duration.js';
import { RedcheckError } from '../errors.js';

/**
 * A scenario duration in milliseconds: a number is milliseconds, a string is parsed by the
 * CLI's `parseDuration` (`500ms`, `30s`, `2m`, `1m30s`; a bare number is seconds).
 * `undefined` gives `fallback`. Throws RedcheckError `E_DURATION` naming `what`.
 */
export function durationMs(
  what: string,
  value: string | number | undefined,
  fallback: number,
): number {
  if (value === undefined) return fallback;
  if (typeof value === 'string') return Math.round(parseDuration(value, `--${what}`));
  if (Number.isFinite(value) && value >= 0) return value;
  throw new RedcheckError(
    'E_DURATION',
    `invalid ${what} ${value}`,
    'use a duration such as 500ms, 30s, 2m or 1h',
  );
}
