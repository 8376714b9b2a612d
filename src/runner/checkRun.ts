import type { CheckResult } from '../checker/verdict.js';

/**
 * Run a checker; a throwing checker yields `unknown` with the error, never a crashed run.
 * Returns one entry per name the checker produced (or `fallbackName` on a crash).
 */
export function runChecker(
  fallbackName: string,
  check: () => Record<string, CheckResult>,
): Record<string, CheckResult> {
  try {
    return check();
  } catch (e) {
    const error = e instanceof Error ? (e.stack ?? e.message) : String(e);
    return { [fallbackName]: { valid: 'unknown', reason: 'the checker crashed', error } };
  }
}

/** `runChecker` for a checker that may return a promise (linearizability is async). */
export async function runCheckerAsync(
  fallbackName: string,
  check: () => Record<string, CheckResult> | Promise<Record<string, CheckResult>>,
): Promise<Record<string, CheckResult>> {
  try {
    return await check();
  } catch (e) {
    const error = e instanceof Error ? (e.stack ?? e.message) : String(e);
    return { [fallbackName]: { valid: 'unknown', reason: 'the checker crashed', error } };
  }
}
