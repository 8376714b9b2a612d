/**
 * The schema of `store/<run>/results.json`: what a run found, written once at its end and read
 * by every consumer through `readStoredRun`. `schemaVersion` changes whenever a field changes
 * meaning or a required field is added; readers refuse other versions with a clear error.
 */
import { z } from 'zod';
import type { FaultInterval } from '../history/faultInterval.js';
import {
  CHECKER_NAMES,
  CHECKER_SCHEMAS,
  checkerUnavailableSchema,
  type CheckerName,
} from './checkers/index.js';
import { assertSameType, validitySchema, type SameType } from './checkers/common.js';
import { lossCausesSchema, nodeEventsSchema } from './checkers/lossCauses.js';
import { probeResultSchema } from './probe.js';

/**
 * The version of `results.json` this redcheck writes. 2 added `causes` (the loss-cause pass)
 * and `observers.nodes`; 3 added `probe` (the runner probe and the cluster minority windows
 * it measures; its ops are in the history as `process: "probe"`). Versions 1 and 2 are still
 * read (`upgradeResults`), without the fields added since.
 */
export const RESULTS_SCHEMA_VERSION = 3;

/** Older versions this redcheck still reads, each upgraded to the current one on reading. */
export const READABLE_RESULTS_VERSIONS: readonly number[] = [1, 2];

/**
 * A parsed `results.json` of a readable older version, as the current version: versions 1
 * and 2 lack only fields that later versions made optional, so their version number is all
 * that changes.
 */
export function upgradeResults(raw: Record<string, unknown>): Record<string, unknown> {
  return typeof raw.schemaVersion === 'number' &&
    READABLE_RESULTS_VERSIONS.includes(raw.schemaVersion)
    ? { ...raw, schemaVersion: RESULTS_SCHEMA_VERSION }
    : raw;
}

export const faultIntervalSchema = z.object({
  fault: z.string(),
  target: z.string().optional(),
  description: z.string().optional(),
  start: z.number(),
  end: z.number().optional(),
  verified: z.boolean().optional(),
});
assertSameType<SameType<z.infer<typeof faultIntervalSchema>, FaultInterval>>(true);

/** The resolved scenario as results.json repeats it: these fields, then any others. */
export const scenarioSummarySchema = z.looseObject({
  topology: z.string(),
  mode: z.string(),
  workload: z.string(),
  nemesis: z.array(z.string()),
  persistence: z.string(),
  redis: z.string(),
  timeLimitMs: z.number(),
  concurrency: z.number(),
});

/** One optional entry per registered checker: its own result, or why there is none. */
const checkersSchema = z.strictObject(
  Object.fromEntries(
    CHECKER_NAMES.map((name) => [
      name,
      z.union([CHECKER_SCHEMAS[name], checkerUnavailableSchema]).optional(),
    ]),
  ) as {
    [K in CheckerName]: z.ZodOptional<
      z.ZodUnion<[(typeof CHECKER_SCHEMAS)[K], typeof checkerUnavailableSchema]>
    >;
  },
);

/** The runner's phases, in order; `results.json` times each (ms). */
export const RUN_PHASES = [
  'setup',
  'workload',
  'heal',
  'settle',
  'final-reads',
  'collect',
  'teardown',
  'check',
  'causes',
  'store',
] as const;
const phaseNames = RUN_PHASES;

const shardSnapshotSchema = z.object({
  shard: z.string(),
  nodes: z.array(z.string()),
  primary: z.string().optional(),
  slots: z.array(z.tuple([z.number(), z.number()])),
});

/**
 * The replication observer: resyncs during the workload (INFO stats deltas over the nodes),
 * each replica's catch-up after each fault ended, and the replicas' lag behind the primary.
 */
export const replicationObservationSchema = z.object({
  /** ms between polls of INFO replication. */
  intervalMs: z.number(),
  samples: z.number(),
  sync: z.object({ full: z.number(), partialOk: z.number(), partialErr: z.number() }),
  catchUps: z.array(
    z.object({ replica: z.string(), faultEnd: z.number(), ms: z.number().nullable() }),
  ),
  lagMs: z.object({
    samples: z.number(),
    p50: z.number(),
    p90: z.number(),
    p99: z.number(),
    max: z.number(),
    /** Count of samples per bucket (lag <= le ms); `le: -1` is everything above the last. */
    histogram: z.array(z.object({ le: z.number(), count: z.number() })),
  }),
});
export type ReplicationObservation = z.infer<typeof replicationObservationSchema>;

/** The failover observer: each change of the primary the sentinels' majority names. */
export const failoverObservationSchema = z.object({
  intervalMs: z.number(),
  changes: z.array(
    z.object({
      /** ns since the run started. */
      time: z.number(),
      from: z.string().optional(),
      to: z.string(),
      /** ms since the last fault that started before the change; null: none did. */
      afterFaultMs: z.number().nullable(),
    }),
  ),
});
export type FailoverObservation = z.infer<typeof failoverObservationSchema>;

/** C3's probe: a MULTI whose middle command fails at run time, and whether the others applied. */
export const multiProbeSchema = z.object({
  node: z.string(),
  execReplies: z.array(z.string()),
  failedCommands: z.number(),
  othersApplied: z.boolean(),
});
export type MultiProbe = z.infer<typeof multiProbeSchema>;

/** C4's probe: a long Lua script, and what another connection saw meanwhile. */
export const longScriptProbeSchema = z.object({
  node: z.string(),
  durationMs: z.number(),
  scriptMs: z.number(),
  scriptReply: z.string(),
  pings: z.number(),
  busyReplies: z.number(),
  maxPingMs: z.number(),
});
export type LongScriptProbe = z.infer<typeof longScriptProbeSchema>;

export const runResultsSchema = z.object({
  schemaVersion: z.literal(RESULTS_SCHEMA_VERSION),
  /** The run id, also the name of its folder under the store. */
  run: z.string(),
  valid: validitySchema,
  seed: z.number(),
  /** The fully resolved scenario (every default filled in), as in `scenario.json`. */
  scenario: scenarioSummarySchema,
  /** One entry per checker that ran; the run is valid only if all are. */
  checkers: checkersSchema,
  /** Every fault the nemesis injected, with times in ns since the run started. */
  faults: z.array(faultIntervalSchema),
  /** Wall-clock duration of each runner phase, in milliseconds. */
  phases: z.partialRecord(z.enum(phaseNames), z.number()),
  /** Whether the deployment settled after healing, and how long that took. */
  settle: z
    .object({
      settled: z.boolean(),
      ms: z.number(),
      primary: z.string().optional(),
      reason: z.string().optional(),
    })
    .optional(),
  /** Failovers observed (primary changes), with ns times. */
  failovers: z
    .array(
      z.object({
        time: z.number(),
        from: z.string().optional(),
        to: z.string(),
        /** Redis Cluster: the shard that failed over. */
        shard: z.string().optional(),
      }),
    )
    .optional(),
  /** Redis Cluster: shards before and after the workload, node `cluster_state` over time. */
  cluster: z
    .object({
      shardsBefore: z.array(shardSnapshotSchema),
      shardsAfter: z.array(shardSnapshotSchema),
      states: z.array(z.object({ time: z.number(), node: z.string(), state: z.string() })),
    })
    .optional(),
  /** The exact command that re-runs this scenario. */
  command: z.string(),
  /** ISO timestamp of the start of the run. */
  startedAt: z.string(),
  /** Redis server version reported by INFO. */
  redisVersion: z.string().optional(),
  /**
   * The user's redis.conf (`--redis-conf`) and each directive of it redcheck replaced: the
   * file said `file`, the node's config used `used`, because `why`.
   */
  redisConf: z
    .object({
      file: z.string(),
      overrides: z.array(
        z.object({ directive: z.string(), file: z.string(), used: z.string(), why: z.string() }),
      ),
      /**
       * When the nodes take a password: the user redcheck connected as (`default`, or the
       * file's masteruser). Never the password itself.
       */
      authUser: z.string().optional(),
    })
    .optional(),
  /** ISO timestamp of the end of the run. */
  finishedAt: z.string().optional(),
  /** Client ops completed per second during the run phase (all outcomes). */
  opsPerSec: z.number().optional(),
  /** The planned fault schedule (ms since the workload started). */
  schedule: z
    .array(
      z.object({
        at: z.number(),
        fault: z.string(),
        target: z.string().optional(),
        duration: z.number(),
      }),
    )
    .optional(),
  /** The deployment's nodes, client zones and network, as started. */
  deployment: z
    .object({
      nodes: z.array(z.object({ name: z.string(), ip: z.string() })),
      zones: z.array(z.object({ name: z.string(), ip: z.string(), node: z.string().optional() })),
      network: z.string().optional(),
    })
    .optional(),
  /** What the observers measured while the workload ran (`src/runner/observers`). */
  observers: z
    .object({
      replication: replicationObservationSchema.optional(),
      failover: failoverObservationSchema.optional(),
      multiProbe: multiProbeSchema.optional(),
      longScript: longScriptProbeSchema.optional(),
      /** Every node's roles, restarts, resyncs and RDB saves (every topology; version 2). */
      nodes: nodeEventsSchema.optional(),
    })
    .optional(),
  /** Every lost write given one cause, with its evidence (the loss-cause pass; version 2). */
  causes: lossCausesSchema.optional(),
  /**
   * The runner probe (cluster runs) and the cluster minority windows it measured: how long
   * each cut primary kept acknowledging after the cut (version 3).
   */
  probe: probeResultSchema.optional(),
  /** Set when the run was stopped early (`SIGINT`, `SIGTERM`, `run timeout`). */
  interrupted: z.string().optional(),
  /** Set when the run failed with an error (exit 2): setup failed, Docker unreachable... */
  error: z
    .object({ code: z.string(), message: z.string(), fix: z.string().optional() })
    .optional(),
});

/** The contents of `results.json`. */
export type RunResults = z.infer<typeof runResultsSchema>;
export type ResolvedScenarioSummary = z.infer<typeof scenarioSummarySchema>;
export type RunPhase = (typeof phaseNames)[number];
export type CheckerResults = RunResults['checkers'];
