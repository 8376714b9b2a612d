/**
 * The nightly suite's wall time: `redcheck suite scenarios/seed-claims` with every scenario at
 * its own settings, one after another, then the time per scenario and the total. Target: the
 * whole suite within 30 minutes on this 2-core machine. `REDCHECK_BENCH_SUITE=<suite.json>`
 * reports a suite that already ran instead of running one (about 25 minutes).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runScenario } from '../src/runner/runScenario.js';
import {
  planSuite,
  readSuiteResult,
  runSuite,
  scenarioFiles,
  writeSuiteOutputs,
  type SuiteResult,
} from '../src/suite/index.js';
import { printTable } from './table.js';

const TARGET_MS = 30 * 60_000;

async function runWhole(): Promise<SuiteResult> {
  const out = mkdtempSync(join(tmpdir(), 'redcheck-bench-suite-'));
  const plan = planSuite(scenarioFiles(['scenarios/seed-claims']));
  const result = await runSuite({
    plan,
    cases: plan,
    shard: null,
    overrides: { store: join(out, 'runs') },
    outDir: out,
    log: () => {},
    runOne: async (scenario) => {
      const r = await runScenario({ scenario, progress: null, log: () => {} });
      return { runDir: r.runDir, results: r.results };
    },
  });
  writeSuiteOutputs(result, out);
  console.log(`suite written to ${out}`);
  return result;
}

export async function run(): Promise<void> {
  const stored = process.env.REDCHECK_BENCH_SUITE;
  const s = stored ? readSuiteResult(stored) : await runWhole();
  const total = Date.parse(s.finishedAt) - Date.parse(s.startedAt);
  printTable(
    `suite: ${s.cases.length} scenarios${stored ? ` (${stored})` : ''}`,
    ['scenario', 'claim', 'status', 'seconds'],
    s.cases.map((c) => [
      c.id,
      c.claim?.id ?? '-',
      c.status,
      c.runs.reduce((t, r) => t + r.ms, 0) / 1000,
    ]),
  );
  console.log(
    `total ${(total / 60_000).toFixed(1)} min (target ${TARGET_MS / 60_000} min): ${total <= TARGET_MS ? 'met' : 'MISSED'}`,
  );
  if (total > TARGET_MS) process.exitCode = 1;
}
