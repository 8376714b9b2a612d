/** The schema of `checkers.stats`: the stats checker's own result (`StatsResult`). */
import { z } from 'zod';
import type { StatsResult } from '../../checker/stats.js';
import { assertSameType, checkResultFields, type SameType } from './common.js';

const outcomeCounts = z.object({
  ok: z.number(),
  fail: z.number(),
  info: z.number(),
  pending: z.number(),
});

export const statsResultSchema = z.object({
  ...checkResultFields,
  total: z.number(),
  byType: outcomeCounts,
  byF: z.record(z.string(), outcomeCounts),
  neverOk: z.array(z.string()),
});

assertSameType<SameType<z.infer<typeof statsResultSchema>, StatsResult>>(true);
