import { RedcheckError } from '../errors.js';

const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/**
 * A scenario duration in milliseconds: a number is milliseconds, a string is `<n><unit>`
 * (`500ms`, `30s`, `2m`, `1h`; a bare number is seconds). `undefined` gives `fallback`.
 */
export function durationMs(
  what: string,
  value: string | number | undefined,
  fallback: number,
): number {
  if (value === undefined) return fallback;
  if (typeof value === 'number') {
    if (Number.isFinite(value) && value >= 0) return value;
  } else {
    const m = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h)?\s*$/.exec(value);
    if (m) return Math.round(Number(m[1]) * (UNITS[m[2] ?? 's'] ?? 1000));
  }
  throw new RedcheckError(
    'E_DURATION',
    `invalid ${what} "${value}"`,
    'use a duration such as 500ms, 30s, 2m or 1h',
  );
}
