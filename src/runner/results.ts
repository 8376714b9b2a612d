import type { CheckResult, Validity } from '../checker/verdict.js';

/**
 * The shape of `store/<run>/results.json`. The report, `compare`, `junit.xml` and
 * `summary.md` are all built from this file plus `history.jsonl`.
 */
export interface RunResults {
  /** The run id, also the name of its folder under the store. */
  run: string;
  valid: Validity;
  seed: number;
  /** The fully resolved scenario (every default filled in), as in `scenario.json`. */
  scenario: ResolvedScenarioSummary;
  /** One entry per checker: `set`, `stats`, later `linearizable`, `counter`... */
  checkers: Record<string, CheckResult & Record<string, unknown>>;
  /** Every fault the nemesis injected, with times in ns since the run started. */
  faults: FaultRecord[];
  /** Wall-clock duration of each runner phase, in milliseconds. */
  phases: Partial<
    Record<'setup' | 'run' | 'heal' | 'settle' | 'final-reads' | 'teardown' | 'check', number>
  >;
  /** Whether the deployment settled after healing, and how long that took. */
  settle?: { settled: boolean; ms: number; primary?: string; reason?: string };
  /** Failovers observed (primary changes), with ns times. */
  failovers?: { time: number; from?: string; to: string }[];
  /** The exact command that re-runs this scenario. */
  command: string;
  /** ISO timestamp of the start of the run. */
  startedAt: string;
  /** Redis server version reported by INFO. */
  redisVersion?: string;
  /** ISO timestamp of the end of the run. */
  finishedAt?: string;
  /** Client ops completed per second during the run phase (all outcomes). */
  opsPerSec?: number;
  /** The planned fault schedule (ms since the workload started). */
  schedule?: { at: number; fault: string; target?: string; duration: number }[];
  /** The deployment's nodes, client zones and network, as started. */
  deployment?: {
    nodes: { name: string; ip: string }[];
    zones: { name: string; ip: string; node?: string }[];
    network?: string;
  };
  /** Set when the run was stopped early (`SIGINT`, `SIGTERM`, `run timeout`). */
  interrupted?: string;
  /** Set when the run failed with an error (exit 2): setup failed, Docker unreachable... */
  error?: { code: string; message: string; fix?: string };
}

export interface ResolvedScenarioSummary {
  topology: string;
  mode: string;
  workload: string;
  nemesis: string[];
  persistence: string;
  redis: string;
  timeLimitMs: number;
  concurrency: number;
  [k: string]: unknown;
}

export interface FaultRecord {
  /** `partition`, `kill`, `pause`, `failover`, ... */
  fault: string;
  /** Target spec as given, e.g. `primary-with-clients`. */
  target?: string;
  /** Human-readable description of who was affected, e.g. `n1 + clients c1,c2 | n2 n3`. */
  description?: string;
  /** ns since the run started; `end` absent for instantaneous faults. */
  start: number;
  end?: number;
  /** Whether the fault was verified to have taken effect. */
  verified?: boolean;
}
