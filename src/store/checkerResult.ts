import type { CheckerName, CheckerResultOf, CheckerUnavailable } from './checkers/index.js';
import type { RunResults } from './results.js';

const UNAVAILABLE_FIELDS: ReadonlySet<string> = new Set(['valid', 'reason', 'error']);

/**
 * Whether a checker entry is the placeholder of a checker that produced no result (it crashed,
 * or the run was interrupted). The schema keeps that shape strict (`valid`, `reason`, `error`
 * only), and every checker's own result has more fields, so the keys tell them apart.
 */
export function isCheckerUnavailable(
  entry: CheckerResultOf<CheckerName> | CheckerUnavailable,
): entry is CheckerUnavailable {
  return Object.keys(entry).every((k) => UNAVAILABLE_FIELDS.has(k));
}

/** The checker's own result in a run, typed; undefined when it did not run or produced none. */
export function checkerResult<K extends CheckerName>(
  results: Pick<RunResults, 'checkers'>,
  name: K,
): CheckerResultOf<K> | undefined {
  const entry = results.checkers[name] as CheckerResultOf<K> | CheckerUnavailable | undefined;
  if (entry === undefined || isCheckerUnavailable(entry)) return undefined;
  return entry;
}
