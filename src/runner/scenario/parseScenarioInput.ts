import { z } from 'zod';
import { RedcheckError } from '../../errors.js';
import { MAX_SEED } from '../../common/random.js';
import { FAULT_OPTIONS, optionField } from '../../../nemesis/index.js';
import type { ScenarioInput } from './scenarioInput.js';

const duration = z.union([z.string(), z.number().nonnegative()]);
const count = z.number().int().nonnegative();

/** The edge schema: shapes only; allowed values are checked in `resolveScenario` with the lists. */
export const scenarioInputSchema = z.strictObject({
  topology: z.string().optional(),
  replicas: count.optional(),
  shards: z.number().int().optional(),
  clusterNodeTimeout: duration.optional(),
  clusterRequireFullCoverage: z.union([z.string(), z.boolean()]).optional(),
  mode: z.string().optional(),
  waitReplicas: count.optional(),
  waitTimeout: duration.optional(),
  waitaofLocal: count.optional(),
  waitaofReplicas: count.optional(),
  workload: z.string().optional(),
  readFrom: z.string().optional(),
  client: z.string().optional(),
  checkTimeLimit: duration.optional(),
  nemesis: z.union([z.array(z.string()), z.string()]).optional(),
  nemesisInterval: duration.optional(),
  // Checked entry by entry (with the entry's index) by `explicitSchedule`.
  schedule: z
    .array(
      z.strictObject({
        at: duration,
        fault: z.string(),
        target: z.string().optional(),
        duration: duration.optional(),
      }),
    )
    .optional(),
  timeLimit: duration.optional(),
  concurrency: z.number().int().positive().optional(),
  rate: z.number().positive().optional(),
  seed: z.number().int().min(0).max(MAX_SEED).optional(),
  redis: z.string().optional(),
  image: z.string().min(1).optional(),
  serverBinary: z.string().min(1).optional(),
  redisConf: z.string().min(1).optional(),
  persistence: z.string().optional(),
  rdbSave: z.string().optional(),
  minReplicasToWrite: count.optional(),
  minReplicasMaxLag: count.optional(),
  store: z.string().min(1).optional(),
  keep: z.boolean().optional(),
  opTimeout: duration.optional(),
  settleTimeout: duration.optional(),
  runTimeout: duration.optional(),
  redisConfig: z.array(z.string()).optional(),
  faultOptions: z
    .strictObject(
      Object.fromEntries(
        FAULT_OPTIONS.map((o) => [
          optionField(o.flag),
          z.union([z.number(), z.string()]).optional(),
        ]),
      ),
    )
    .optional(),
  claim: z.strictObject({ id: z.string().min(1), text: z.string().min(1) }).optional(),
  expect: z.array(z.string()).optional(),
  pending: z.strictObject({ issue: z.number().int().positive(), reason: z.string() }).optional(),
});

/** Resolved `scenario.json` names -> input names, so an earlier run's file loads as is. */
const RESOLVED_NAMES: Record<string, keyof ScenarioInput> = {
  waitTimeoutMs: 'waitTimeout',
  nemesisIntervalMs: 'nemesisInterval',
  timeLimitMs: 'timeLimit',
  opTimeoutMs: 'opTimeout',
  settleTimeoutMs: 'settleTimeout',
  runTimeoutMs: 'runTimeout',
  checkTimeLimitMs: 'checkTimeLimit',
  clusterNodeTimeoutMs: 'clusterNodeTimeout',
};

function fromResolvedNames(raw: unknown): unknown {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return raw;
  const out: [string, unknown][] = [];
  for (const [k, v] of Object.entries(raw)) {
    if (k === 'rate' && v === null) continue;
    // Derived from `nemesis` when the scenario is resolved again.
    if (k === 'faults') continue;
    // Own names only, and own properties out (fromEntries): a `__proto__` key is just unknown.
    out.push([Object.hasOwn(RESOLVED_NAMES, k) ? (RESOLVED_NAMES[k] ?? k) : k, v]);
  }
  return Object.fromEntries(out);
}

/**
 * Validate an untrusted object (a scenario file) against the edge schema. Accepts the
 * resolved form too (`scenario.json` of an earlier run: `timeLimitMs`, `rate: null`, ...).
 */
export function parseScenarioInput(raw: unknown, source: string): ScenarioInput {
  const parsed = scenarioInputSchema.safeParse(fromResolvedNames(raw));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue && issue.path.length > 0 ? issue.path.join('.') : '(top level)';
    throw new RedcheckError(
      'E_SCENARIO',
      `invalid scenario in ${source}: ${where}: ${issue?.message ?? 'invalid'}`,
      `fields: ${Object.keys(scenarioInputSchema.shape).join(', ')}`,
    );
  }
  return parsed.data;
}
