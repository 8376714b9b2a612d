/** The schema of `checkers.cluster`: the cluster observations (`ClusterCheckResult`). */
import { z } from 'zod';
import type { ClusterCheckResult } from '../../checker/cluster.js';
import { assertSameType, checkResultFields, type SameType } from './common.js';

const lossWindow = z.object({
  target: z.string(),
  shard: z.string().optional(),
  primary: z.string(),
  start: z.number(),
  end: z.number().optional(),
  acknowledged: z.number(),
  windowMs: z.number(),
  overTimeoutMs: z.number().optional(),
});

export const clusterResultSchema = z.object({
  ...checkResultFields,
  redirects: z.object({ MOVED: z.number(), ASK: z.number(), ops: z.number() }),
  nodeTimeoutMs: z.number().optional(),
  lossWindows: z.array(lossWindow),
});

assertSameType<SameType<z.infer<typeof clusterResultSchema>, ClusterCheckResult>>(true);
