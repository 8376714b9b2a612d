import { RedcheckError } from '../errors.js';

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
const PART = /(\d+(?:\.\d+)?)(ms|s|m|h)/y;

/**
 * Parse a duration such as `500ms`, `30s`, `2m`, `1h`, `1m30s` or a bare number of seconds
 * into milliseconds. `option` names the flag in the error (`--time-limit`). Throws
 * RedcheckError `E_DURATION` for anything else, including zero and negative values.
 */
export function parseDuration(text: string, option = 'duration'): number {
  const s = text.trim();
  let ms: number | undefined;
  if (/^\d+(\.\d+)?$/.test(s)) {
    ms = Number(s) * 1000;
  } else if (s !== '') {
    PART.lastIndex = 0;
    let total = 0;
    while (PART.lastIndex < s.length) {
      const m = PART.exec(s);
      if (!m) {
        total = NaN;
        break;
      }
      total += Number(m[1]) * (UNIT_MS[m[2] ?? ''] ?? NaN);
    }
    ms = total;
  }
  if (ms === undefined || !Number.isFinite(ms) || ms <= 0) {
    throw new RedcheckError(
      'E_DURATION',
      `${option}: ${JSON.stringify(text)} is not a duration`,
      'write it as a positive number with a unit: 500ms, 30s, 2m, 1h, 1m30s (a bare number is seconds)',
    );
  }
  return ms;
}

/** Format milliseconds for people: `850 ms`, `3.2 s`, `2 m 5 s`. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s`;
  const m = Math.floor(ms / 60_000);
  const s = Math.round((ms % 60_000) / 1000);
  return s === 0 ? `${m} m` : `${m} m ${s} s`;
}
