import { RedcheckError } from '../../errors.js';
import type { ResolvedScenario } from './resolvedScenario.js';

const HOUR = 3_600_000;

/**
 * The upper bound of each numeric run option, by scenario field (documented here and in
 * `redcheck run --help`). Every time stays far below 2^31 ms, the most a Node timer can wait
 * (a longer one fires at once), with the sums the runner makes of them.
 */
export const SCENARIO_LIMITS = {
  replicas: { max: 8, flag: 'replicas', ms: false },
  concurrency: { max: 1000, flag: 'concurrency', ms: false },
  rate: { max: 1_000_000, flag: 'rate', ms: false },
  minReplicasMaxLag: { max: 3600, flag: 'min-replicas-max-lag', ms: false },
  timeLimitMs: { max: 24 * HOUR, flag: 'time-limit', ms: true },
  nemesisIntervalMs: { max: 24 * HOUR, flag: 'nemesis-interval', ms: true },
  checkTimeLimitMs: { max: 24 * HOUR, flag: 'check-time-limit', ms: true },
  runTimeoutMs: { max: 48 * HOUR, flag: 'run-timeout', ms: true },
  settleTimeoutMs: { max: HOUR, flag: 'settle-timeout', ms: true },
  opTimeoutMs: { max: 10 * 60_000, flag: 'op-timeout', ms: true },
  waitTimeoutMs: { max: 10 * 60_000, flag: 'wait-timeout', ms: true },
  clusterNodeTimeoutMs: { max: 10 * 60_000, flag: 'cluster-node-timeout', ms: true },
} as const satisfies Partial<
  Record<keyof ResolvedScenario, { max: number; flag: string; ms: boolean }>
>;

function showLimit(v: number, ms: boolean): string {
  if (!ms) return String(v);
  return v % HOUR === 0 ? `${v / HOUR}h` : v % 1000 === 0 ? `${v / 1000}s` : `${v}ms`;
}

/** One line per limit, for `redcheck run --help`. */
export function scenarioLimitsHelp(): string {
  return Object.values(SCENARIO_LIMITS)
    .map((l) => `  --${l.flag.padEnd(22)} at most ${showLimit(l.max, l.ms)}`)
    .join('\n');
}

/** Throws E_SCENARIO naming the option and its limit when a value is above its bound. */
export function checkScenarioLimits(s: ResolvedScenario): void {
  for (const [field, limit] of Object.entries(SCENARIO_LIMITS)) {
    const v = s[field as keyof typeof SCENARIO_LIMITS];
    if (typeof v === 'number' && v > limit.max) {
      throw new RedcheckError(
        'E_SCENARIO',
        `${limit.flag} ${showLimit(v, limit.ms)} is above its limit of ${showLimit(limit.max, limit.ms)}`,
        `use --${limit.flag} ${showLimit(limit.max, limit.ms)} or less`,
      );
    }
  }
}
