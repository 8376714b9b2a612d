/** The schema of `checkers.set`: the set checker's own result (`SetCheckResult`). */
import { z } from 'zod';
import type { SetCheckResult } from '../../checker/set.js';
import { assertSameType, checkResultFields, type SameType } from './common.js';

const writeDetail = z.object({
  element: z.string(),
  process: z.union([z.number(), z.literal('nemesis')]),
  outcome: z.enum(['invoke', 'ok', 'fail', 'info', 'none']),
  invoke: z.number(),
  complete: z.number().optional(),
  faults: z.array(z.string()),
  node: z.string().optional(),
});

const nodeDiff = z.object({
  node: z.string(),
  role: z.enum(['primary', 'replica']),
  setSize: z.number().optional(),
  listSize: z.number().optional(),
  missing: z.number(),
  extra: z.number(),
  partial: z.number(),
  error: z.string().optional(),
});

export const setResultSchema = z.object({
  ...checkResultFields,
  attempted: z.number(),
  acknowledged: z.number(),
  failed: z.number(),
  indeterminate: z.number(),
  lost: z.number(),
  lostPercent: z.number(),
  partial: z.number(),
  unexpected: z.number(),
  recovered: z.number(),
  duplicated: z.number(),
  lostWrites: z.array(writeDetail),
  partialElements: z.array(z.string()),
  unexpectedElements: z.array(z.string()),
  nodes: z.array(nodeDiff),
  lostDuringFaults: z.number(),
  lostOutsideFaults: z.number(),
  lostByNode: z.record(z.string(), z.number()),
  lostByShard: z.record(z.string(), z.number()).optional(),
  truncated: z.string().optional(),
});

assertSameType<SameType<z.infer<typeof setResultSchema>, SetCheckResult>>(true);
