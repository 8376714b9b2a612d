/**
 * The schema of `results.probe` (schema version 3): the runner probe, which writes its own
 * keys to every node from every client zone all through a cluster run, and the cluster
 * minority windows measured from its ops in the history (`minorityAckMs`).
 */
import { z } from 'zod';
import type { MinorityAckCut } from '../checker/lossCauses/index.js';
import { assertSameType, type SameType } from './checkers/common.js';

export const minorityAckCutSchema = z.object({
  fault: z.number(),
  start: z.number(),
  end: z.number().optional(),
  cutMs: z.number().optional(),
  nodes: z.array(
    z.object({
      node: z.string(),
      lastAck: z.number().optional(),
      ackMs: z.number(),
      refusedAt: z.number().optional(),
    }),
  ),
  ackMs: z.number(),
});
assertSameType<SameType<z.infer<typeof minorityAckCutSchema>, MinorityAckCut>>(true);

export const probeResultSchema = z.object({
  /** ms between two writes of one lane (a lane: one zone, one node). */
  intervalMs: z.number(),
  /** Lanes: client zones times nodes. */
  lanes: z.number(),
  /** The probe's completions, by type (apart from the workload's op counts). */
  ops: z.object({ ok: z.number(), fail: z.number(), info: z.number() }),
  /**
   * Per partition that cut primaries off from the majority: how long each kept acknowledging
   * the probe's writes after the cut (from the history; `redcheck check` derives it again).
   */
  cuts: z.array(minorityAckCutSchema).optional(),
  /** The largest window of `cuts` (ms); absent when no cut held a primary. */
  minorityAckMs: z.number().optional(),
});
export type ProbeResult = z.infer<typeof probeResultSchema>;
