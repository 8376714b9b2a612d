import { EXIT } from '../errors.js';

/** Three-valued verdict, as in Jepsen: `"unknown"` when a checker could not decide. */
export type Validity = true | false | 'unknown';

/** What every checker returns; checkers add their own fields. */
export interface CheckResult {
  valid: Validity;
  /** Why the verdict is `unknown` (time or memory budget, a crash of the checker). */
  reason?: string;
  /** An error raised inside the checker; a throwing checker yields `unknown`, never a crash. */
  error?: string;
}

/** Merge verdicts by priority: any `false` wins, then any `"unknown"`, else `true`. */
export function mergeValidity(values: Iterable<Validity>): Validity {
  let result: Validity = true;
  for (const v of values) {
    if (v === false) return false;
    if (v === 'unknown') result = 'unknown';
  }
  return result;
}

/** Process exit code for a verdict: 0 valid, 1 invalid, 3 unknown (2 is reserved for errors). */
export function exitCodeFor(valid: Validity): 0 | 1 | 3 {
  return valid === true ? EXIT.valid : valid === false ? EXIT.invalid : EXIT.unknown;
}
