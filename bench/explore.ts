/**
 * `redcheck explore`'s two demonstrations against real Redis, with their wall time and runs:
 *
 * - `broken`: sentinel, async writes, `set.lost == 0`, faults varied. Real Redis breaks it;
 *   the search must find a failing trial and shrink it to a single fault.
 * - `kept`: the same with `--mode wait --wait-replicas 2` and partitions only
 *   (`--fault-kinds partition`), over 20 trials: no counterexample is expected. With every
 *   fault kind it is broken: power loss of every node, or a kill of a primary without
 *   persistence, loses what WAIT acknowledged. About 20 runs of 45-55 s each.
 *
 * `REDCHECK_BENCH_EXPLORE=broken|kept|both` picks (default broken); `REDCHECK_BENCH_EXPLORE_OUT`
 * the output folder (default a temporary one). Each writes explore.json and explore.html.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exploreCommand } from '../src/cli/commands/explore.js';
import { readExploreResult } from '../src/explore/index.js';
import { printTable } from './table.js';

const COMMON = ['--topology', 'sentinel', '--property', 'set.lost == 0', '--vary', 'faults'];

const DEMOS = {
  broken: {
    args: [...COMMON, '--mode', 'async', '--trials', '10', '--seed', '1', '--trial-time', '12s'],
    expectExit: 1,
  },
  kept: {
    args: [
      ...COMMON,
      '--mode',
      'wait',
      '--wait-replicas',
      '2',
      '--fault-kinds',
      'partition',
      '--trials',
      '20',
      '--seed',
      '1',
      '--trial-time',
      '8s',
    ],
    expectExit: 0,
  },
} as const;

type DemoName = keyof typeof DEMOS;

export async function run(): Promise<void> {
  const pick = process.env.REDCHECK_BENCH_EXPLORE ?? 'broken';
  const names: DemoName[] =
    pick === 'both' ? ['broken', 'kept'] : pick === 'kept' ? ['kept'] : ['broken'];
  const base =
    process.env.REDCHECK_BENCH_EXPLORE_OUT ??
    mkdtempSync(join(tmpdir(), 'redcheck-bench-explore-'));
  const rows: (string | number)[][] = [];
  for (const name of names) {
    const demo = DEMOS[name];
    const out = join(base, name);
    const started = performance.now();
    const code = await exploreCommand.run([
      ...demo.args,
      '--budget',
      '35m',
      '--max-shrink-runs',
      '30',
      '--out',
      out,
    ]);
    const minutes = (performance.now() - started) / 60_000;
    const r = readExploreResult(join(out, 'explore.json'));
    const min = r.candidates.find((c) => c.id === r.minimal);
    rows.push([
      name,
      code,
      r.trialsRun,
      r.runs,
      r.shrinkRuns,
      r.steps.length,
      Math.round(minutes * 10) / 10,
      min ? JSON.stringify(min.varied) : '-',
    ]);
    if (code !== demo.expectExit) process.exitCode = 1;
    console.log(`[explore] ${name}: ${join(out, 'explore.html')}`);
  }
  printTable(
    'redcheck explore: sentinel, set.lost == 0, --vary faults',
    ['demo', 'exit', 'trials', 'runs', 'shrink runs', 'steps', 'minutes', 'minimal'],
    rows,
  );
}
