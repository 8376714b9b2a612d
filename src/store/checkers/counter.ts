/** The schema of `checkers.counter`: the counter checker's own result (`CounterCheckResult`). */
import { z } from 'zod';
import type { CounterCheckResult } from '../../checker/counter.js';
import { assertSameType, checkResultFields, type SameType } from './common.js';

const bound = z.object({
  key: z.string(),
  value: z.number(),
  lower: z.number(),
  upper: z.number(),
  index: z.number().optional(),
});

export const counterResultSchema = z.object({
  ...checkResultFields,
  acknowledged: z.number(),
  failed: z.number(),
  indeterminate: z.number(),
  reads: z.number(),
  badReads: z.number(),
  badReadList: z.array(bound),
  finals: z.array(bound.extend({ lost: z.number(), duplicated: z.number() })),
  lostIncrements: z.number(),
  duplicatedIncrements: z.number(),
  truncated: z.string().optional(),
});

assertSameType<SameType<z.infer<typeof counterResultSchema>, CounterCheckResult>>(true);
