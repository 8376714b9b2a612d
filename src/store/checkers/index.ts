/**
 * The checkers a stored run may hold, by the name they have in `results.json`. A new checker
 * is its schema module plus one line here; the results schema, the reader and the report's
 * section registry derive from this list.
 */
import type { z } from 'zod';
import { appendResultSchema } from './append.js';
import { clusterResultSchema } from './cluster.js';
import { counterResultSchema } from './counter.js';
import { linearizableResultSchema } from './linearizable.js';
import { setResultSchema } from './set.js';
import { statsResultSchema } from './stats.js';

export const CHECKER_SCHEMAS = {
  set: setResultSchema,
  linearizable: linearizableResultSchema,
  stats: statsResultSchema,
  cluster: clusterResultSchema,
  counter: counterResultSchema,
  append: appendResultSchema,
} as const;

export type CheckerName = keyof typeof CHECKER_SCHEMAS;

export const CHECKER_NAMES = Object.keys(CHECKER_SCHEMAS) as CheckerName[];

/** The result type of each checker, e.g. `CheckerResultOf<'set'>` is `SetCheckResult`. */
export type CheckerResultOf<K extends CheckerName> = z.infer<(typeof CHECKER_SCHEMAS)[K]>;

export { checkerUnavailableSchema, type CheckerUnavailable } from './common.js';
