/** A zod failure on a stored file, as a message that names the file, the field and what was expected. */
import type { z } from 'zod';
import { CHECKER_NAMES } from './checkers/index.js';

type Issue = z.core.$ZodIssue;

/** Issues to report, at most this many (the rest are counted). */
const SHOWN = 3;

/** `checkers.set.lostWrites[3].invoke`; `(top level)` for the root. */
export function fieldPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const p of path) {
    if (typeof p === 'number') out += `[${p}]`;
    else out += out === '' ? String(p) : `.${String(p)}`;
  }
  return out === '' ? '(top level)' : out;
}

/**
 * The issues to show, with union failures replaced by the issues of their closest branch (the
 * one with the fewest problems; the first on a tie), so "expected number" reaches the user
 * rather than "invalid input".
 */
function flatten(issues: readonly Issue[], prefix: readonly PropertyKey[] = []): Issue[] {
  return issues.flatMap((issue): Issue[] => {
    const path = [...prefix, ...issue.path];
    if (issue.code === 'invalid_union' && issue.errors.length > 0) {
      const branches = issue.errors.map((b) => flatten(b, path));
      // A branch that failed on the value itself (a literal) says least; prefer deeper ones.
      const best = branches.reduce((a, b) => (b.length < a.length ? b : a));
      if (best.length > 0 && !best.every((i) => i.path.length === path.length)) return best;
      return [{ ...issue, path }];
    }
    return [{ ...issue, path }];
  });
}

function expected(issue: Issue): string {
  const path = issue.path;
  if (issue.code === 'unrecognized_keys') {
    const inCheckers = path.length === 1 && path[0] === 'checkers';
    return inCheckers
      ? `unknown checker ${issue.keys.map((k) => JSON.stringify(k)).join(', ')}; known checkers: ${CHECKER_NAMES.join(', ')}`
      : `unknown field ${issue.keys.map((k) => JSON.stringify(k)).join(', ')}`;
  }
  // zod does not keep the input on its issues; its message names what it received.
  if (issue.code === 'invalid_type' && / received undefined$/.test(issue.message)) {
    return `missing (expected ${issue.expected})`;
  }
  return issue.message.replace(/^Invalid input: /, '');
}

/** `file: field <path>: <expected>` for the first issues, and how many more there are. */
export function schemaMessage(file: string, issues: readonly Issue[]): string {
  const all = flatten(issues);
  const lines = all.slice(0, SHOWN).map((i) => `field ${fieldPath(i.path)}: ${expected(i)}`);
  const more = all.length > SHOWN ? `; and ${all.length - SHOWN} more` : '';
  return `${file} does not match the results.json schema: ${lines.join('; ')}${more}`;
}
