/** The schema of `checkers.linearizable`: `LinearizabilityRunResult`, evidence capped. */
import { z } from 'zod';
import type { LinearizabilityRunResult } from '../../checker/linearizability/runResult.js';
import { assertSameType, checkResultFields, validitySchema, type SameType } from './common.js';

const evidenceOp = { index: z.number(), op: z.string() };

const evidence = z
  .object({
    longestPrefixes: z.array(z.array(z.number()).readonly()).readonly(),
    tail: z.array(z.object(evidenceOp).readonly()).readonly(),
    state: z.string(),
    stuck: z
      .array(z.object({ ...evidenceOp, why: z.enum(['illegal', 'dead-end']) }).readonly())
      .readonly(),
    stuckOmitted: z.number(),
    prefixOmitted: z.number(),
    prefixesOmitted: z.number(),
  })
  .readonly();

const partition = z
  .object({
    key: z.string(),
    valid: validitySchema,
    opCount: z.number(),
    iterations: z.number(),
    reason: z.string().optional(),
    evidence: evidence.optional(),
  })
  .readonly();

export const linearizableResultSchema = z.object({
  ...checkResultFields,
  model: z.string(),
  opCount: z.number(),
  elapsedMs: z.number(),
  timeLimitMs: z.number(),
  keys: z.record(z.string(), validitySchema),
  partitions: z.array(partition),
});

assertSameType<SameType<z.infer<typeof linearizableResultSchema>, LinearizabilityRunResult>>(true);
