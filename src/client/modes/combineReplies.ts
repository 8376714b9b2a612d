import { classifyError } from '../classifyError.js';
import { fail, info, ok, type Outcome } from '../outcome.js';
import type { Reply } from '../channel.js';

/**
 * The outcome of several commands of one write, from their replies:
 *
 * | replies                                          | outcome |
 * |--------------------------------------------------|---------|
 * | all values                                       | ok      |
 * | any error that is `info` by classifyError        | info    |
 * | all errors, each a definite `fail`               | fail    |
 * | some values and some definite errors (partial)   | info    |
 *
 * A partial write was applied in part: it is neither `ok` (not all of it happened) nor
 * `fail` (some of it did). `info` says "may have happened"; the set checker then finds it as
 * `partial` when only one of its keys holds the element. The error says which command failed.
 */
export function combineReplies(replies: readonly Reply[], sent: boolean): Outcome {
  // Every op of a healthy run takes this path: one array, no closures.
  const n = replies.length;
  const all: unknown[] = new Array<unknown>(n);
  for (let i = 0; i < n; i++) {
    const r = replies[i] as Reply;
    if (r.error !== undefined) return withErrors(replies, sent);
    all[i] = r.value;
  }
  return ok(all);
}

/** `combineReplies` when at least one reply is an error. */
function withErrors(replies: readonly Reply[], sent: boolean): Outcome {
  const values = replies.map((r) => (r.error === undefined ? r.value : null));
  const errors = replies.flatMap((r, i) => (r.error === undefined ? [] : [{ i, error: r.error }]));
  if (errors.length === 0) return ok(values);
  const classified = errors.map(({ i, error }) => ({
    i,
    c: classifyError(error, { sent, op: 'write' }),
  }));
  const reconnect = classified.some(({ c }) => c.reconnect);
  const unsure = classified.find(({ c }) => c.type === 'info');
  if (unsure !== undefined) return info(unsure.c.message, values, reconnect);
  const first = classified[0];
  if (first === undefined) return ok(values);
  if (errors.length === replies.length) return fail(first.c.message, reconnect);
  const what = `command ${first.i + 1} of ${replies.length} failed`;
  return info(`partial: ${what}: ${first.c.message}`, values, reconnect);
}
