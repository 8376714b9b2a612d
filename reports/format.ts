import type { Validity } from '../src/checker/verdict.js';

/** The verdict as the pages print it: `valid`, `invalid` or `unknown`. */
export function verdictText(v: Validity | undefined): string {
  return v === true ? 'valid' : v === false ? 'invalid' : 'unknown';
}

/** ns since the run started as seconds with 3 decimals. */
export function seconds(ns: number | undefined): string {
  return ns === undefined ? '' : `${(ns / 1e9).toFixed(3)} s`;
}

/** A number for a table cell: integers with thousands separators, others with 2 decimals. */
export function numberText(v: number | null | undefined, suffix = ''): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '–';
  const s = Number.isInteger(v) ? v.toLocaleString('en-US') : v.toFixed(2);
  return `${s}${suffix}`;
}

/** Any JSON value as one line of text. */
export function valueText(v: unknown): string {
  if (typeof v === 'string') return v;
  if (v === undefined) return '';
  return JSON.stringify(v) ?? typeof v;
}

/** Milliseconds as a human duration: `30 s`, `1.5 s`, `250 ms`, `2 min`. */
export function durationText(ms: number | undefined): string {
  if (ms === undefined || !Number.isFinite(ms)) return '–';
  if (ms >= 120_000) return `${(ms / 60_000).toFixed(ms % 60_000 === 0 ? 0 : 1)} min`;
  if (ms >= 1000) return `${(ms / 1000).toFixed(ms % 1000 === 0 ? 0 : 1)} s`;
  return `${Number.isInteger(ms) ? ms : Number(ms.toFixed(1))} ms`;
}
