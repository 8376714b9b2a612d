/**
 * The schemas of `results.causes` (the loss-cause pass: every lost write given one cause) and
 * of `results.observers.nodes` (what the node observer saw: roles, restarts, resyncs, saves).
 */
import { z } from 'zod';
import { LOSS_CAUSES, type LossCause } from '../../checker/lossCauses/lossCause.js';
import type {
  LossCausesResult,
  NodeEventsObservation,
} from '../../checker/lossCauses/index.js';
import { assertSameType, type SameType } from './common.js';

const cause = z.enum(LOSS_CAUSES);
const counts = z.object(
  Object.fromEntries(LOSS_CAUSES.map((c) => [c, z.number()])) as Record<LossCause, z.ZodNumber>,
);

export const lossCausesSchema = z.object({
  lost: z.number(),
  counts,
  explainedPercent: z.number(),
  groups: z.array(
    z.object({
      cause,
      node: z.string().optional(),
      fault: z
        .object({
          index: z.number(),
          fault: z.string(),
          target: z.string().optional(),
          start: z.number(),
          end: z.number().optional(),
        })
        .optional(),
      count: z.number(),
      firstAck: z.number(),
      lastAck: z.number(),
      sentence: z.string(),
      evidence: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])),
      alsoFits: z.record(z.string(), z.number()),
    }),
  ),
  firstAck: z.number().optional(),
  lastAck: z.number().optional(),
  lossWindowMs: z.number(),
  byNode: z.record(z.string(), z.number()),
  buckets: z.object({
    widthNs: z.number(),
    endNs: z.number(),
    counts: z.partialRecord(cause, z.array(z.number())),
  }),
  samples: z.array(
    z.object({ element: z.string(), ack: z.number(), node: z.string().optional(), cause }),
  ),
  samplesPerCause: z.number(),
});
assertSameType<SameType<z.infer<typeof lossCausesSchema>, LossCausesResult>>(true);

/** A list of what the node observer saw happen, each entry with its `time` (ns since the start). */
function timeline<T extends z.ZodRawShape>(shape: T) {
  return z.array(z.object({ time: z.number(), ...shape }));
}

export const nodeEventsSchema = z.object({
  intervalMs: z.number(),
  samples: z.number(),
  roles: timeline({
    node: z.string(),
    role: z.enum(['primary', 'replica']),
    primary: z.string().optional(),
    offset: z.number().optional(),
  }),
  restarts: timeline({
    node: z.string(),
    keys: z.number().nullable(),
    keysBefore: z.number().nullable(),
  }),
  resyncs: timeline({
    primary: z.string(),
    kind: z.enum(['full', 'partial']),
    offset: z.number().optional(),
  }),
  saves: timeline({ node: z.string(), changesBefore: z.number().optional() }),
  persistence: z.array(z.object({ node: z.string(), aof: z.boolean(), rdb: z.boolean() })),
});
assertSameType<SameType<z.infer<typeof nodeEventsSchema>, NodeEventsObservation>>(true);
