/**
 * `--baseline`: what moved since an earlier suite (last night's `suite.json`). A claim whose
 * status changed is flipped; a number moved when its median changed by more than the noise
 * (`noiseOf`) and left the range [min, max] the baseline's runs spanned.
 */
import type { SuiteCase, SuiteResult } from './suiteResult.js';

/** Numbers always compared, beside the ones a case's expectations name. */
export const TRACKED = [
  'set.lost',
  'set.lostPercent',
  'set.partial',
  'failoverMs',
  'lossWindowMs',
  'failovers',
];

/**
 * The change below which a number is noise: 25 % of the baseline value, and at least 250 ms
 * for times (`...Ms`), 1 point for percentages, 2 for counts.
 */
export function noiseOf(name: string, from: number): number {
  const floor = name.endsWith('Ms') ? 250 : /percent/i.test(name) ? 1 : 2;
  return Math.max(floor, Math.abs(from) * 0.25);
}

function namesOf(c: SuiteCase): string[] {
  const named = c.expect.flatMap((e) => [...e.matchAll(/[A-Za-z_][\w.]*/g)].map((m) => m[0]));
  return [...new Set([...TRACKED, ...named])].filter((n) => n in c.numbers);
}

/** Annotate `current`'s cases (and its totals) with what changed against `baseline`. */
export function compareWithBaseline(
  current: SuiteResult,
  baseline: SuiteResult,
  file: string,
): SuiteResult {
  const before = new Map(baseline.cases.map((c) => [c.id, c]));
  let flipped = 0;
  let moved = 0;
  let missing = 0;
  const cases = current.cases.map((c): SuiteCase => {
    const old = before.get(c.id);
    if (!old) {
      missing++;
      return c;
    }
    const changes = namesOf(c).flatMap((name) => {
      const now = c.numbers[name];
      const then = old.numbers[name];
      if (!now || !then) return [];
      const beyondNoise = Math.abs(now.median - then.median) > noiseOf(name, then.median);
      const outside = now.median < then.min || now.median > then.max;
      return beyondNoise && outside ? [{ name, from: then.median, to: now.median }] : [];
    });
    const isFlip = old.status !== c.status;
    if (isFlip) flipped++;
    moved += changes.length;
    return { ...c, baseline: { status: old.status, flipped: isFlip, moved: changes } };
  });
  return { ...current, cases, baseline: { file, flipped, moved, missing } };
}
