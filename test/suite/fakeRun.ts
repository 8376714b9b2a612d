/** A fake `RunOne` for suite tests: results made up from the scenario's seed, no Docker. */
import { join } from 'node:path';
import type { ResolvedScenario } from '../../src/runner/scenario.js';
import { RedcheckError } from '../../src/errors.js';
import {
  RESULTS_SCHEMA_VERSION,
  runResultsSchema,
  type RunResults,
} from '../../src/store/index.js';
import type { RunOne } from '../../src/suite/index.js';

export interface FakeOutcome {
  lost?: number;
  partial?: number;
  valid?: true | false | 'unknown';
  /** ms from the fault to the failover; none when undefined. */
  failoverMs?: number;
  /** Throw a setup error instead of returning results. */
  error?: boolean;
  /** The run was stopped by a signal (results.interrupted). */
  interrupted?: string;
}

/** Made-up results of a set run, valid against the results schema. */
export function fakeResults(s: ResolvedScenario, o: FakeOutcome): RunResults {
  const lost = o.lost ?? 0;
  const acknowledged = 1000;
  const results: RunResults = {
    schemaVersion: RESULTS_SCHEMA_VERSION,
    run: `fake-${s.seed}`,
    valid: o.valid ?? lost === 0,
    seed: s.seed,
    scenario: { ...s },
    checkers: {
      set: {
        valid: o.valid ?? lost === 0,
        attempted: 1100,
        acknowledged,
        failed: 50,
        indeterminate: 50,
        lost,
        lostPercent: (lost / acknowledged) * 100,
        partial: o.partial ?? 0,
        unexpected: 0,
        recovered: 0,
        duplicated: 0,
        lostWrites: Array.from({ length: lost }, (_, i) => ({
          element: `e${i}`,
          process: 1,
          outcome: 'ok' as const,
          invoke: 1e9 + i * 1e6,
          complete: 1e9 + i * 1e6 + 5e5,
          faults: [],
        })),
        partialElements: [],
        unexpectedElements: [],
        nodes: [],
        lostDuringFaults: lost,
        lostOutsideFaults: 0,
        lostByNode: {},
      },
    },
    faults: o.failoverMs === undefined ? [] : [{ fault: 'partition', start: 2e9, end: 12e9 }],
    ...(o.failoverMs === undefined
      ? {}
      : { failovers: [{ time: 2e9 + o.failoverMs * 1e6, from: 'n1', to: 'n2' }] }),
    phases: {},
    command: `redcheck run --seed ${s.seed}`,
    startedAt: '2026-11-27T00:00:00.000Z',
    ...(o.interrupted === undefined ? {} : { interrupted: o.interrupted }),
  };
  return runResultsSchema.parse(results);
}

/** A runner whose outcome per seed comes from `outcomes` (missing: a clean run); records what it ran. */
export function fakeRunner(
  outcomes: Record<number, FakeOutcome>,
  ran: ResolvedScenario[] = [],
): RunOne {
  return (s) => {
    ran.push(s);
    const o = outcomes[s.seed] ?? {};
    if (o.error) {
      return Promise.reject(new RedcheckError('E_SETUP_FAILED', `setup failed for seed ${s.seed}`));
    }
    return Promise.resolve({ runDir: join(s.store, `fake-${s.seed}`), results: fakeResults(s, o) });
  };
}
