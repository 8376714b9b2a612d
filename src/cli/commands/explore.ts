import { mkdirSync, writeFileSync } from 'node:fs';
import { prepareOutputFolder } from '../../common/writeOutputFolder.js';
import { join, relative, resolve } from 'node:path';
import { usageError } from '../parseCommandArgs.js';
import { durationMs } from '../../common/durationMs.js';
import { MAX_SEED, randomSeed } from '../../common/random.js';
import { onShutdown } from '../../cluster/index.js';
import { runScenario } from '../../runner/runScenario.js';
import { measure } from '../../suite/measured.js';
import {
  explore,
  exploreSpace,
  parseProperty,
  VARY_PARTS,
  writeExploreOutputs,
  type ExploreResult,
} from '../../explore/index.js';
import type { Command } from '../command.js';
import { parseRunArgs } from '../run/parseRunArgs.js';

/** explore's own flags; every other flag is `run`'s and fixes that part of the space. */
const EXPLORE_FLAGS = {
  property: 'the property every trial must keep, e.g. "set.lost == 0" (suite expectation syntax)',
  vary: `parts left open, comma-separated: ${VARY_PARTS.map((p) => p.name).join(', ')}`,
  'fault-kinds':
    'faults and schedule: draw only these kinds or specs, comma-separated (partition,kill:primary)',
  trials: 'trials to draw (default 10)',
  seed: 'fast-check seed; each trial draws its scenario seed from it (default random, printed)',
  'trial-time': 'the longest a trial workload runs (default 15s)',
  confirm: 'runs a candidate must fail in, all of them, to count as failing (default 2)',
  'max-shrink-runs': 'real runs the shrinking may make (default 40)',
  budget: 'wall-clock budget; no run starts past it (default 30m)',
  out: 'output folder (default explore-out): explore.json, explore.html, junit.xml, scenarios/',
} as const;
type ExploreFlag = keyof typeof EXPLORE_FLAGS;

const USAGE = `usage: redcheck explore --property <expectation> --vary <parts> [options] [run options]

Search the space of scenarios with fast-check: draw --trials scenarios (the --vary parts
drawn from the registries, the rest fixed by run's options), run each against real Redis,
stop at the first one that breaks --property, and shrink it (fewer faults, shorter ones,
fewer workers, a shorter run) while it still breaks the property in --confirm of --confirm
runs. Each trial is a real run with its own run folder, and its scenario file re-runs it
alone (\`redcheck run --scenario <out>/scenarios/<trial>.json\`). Writes explore.json,
explore.html, junit.xml and, with a counterexample, minimal.json into --out.

options:
${(Object.entries(EXPLORE_FLAGS) as [string, string][]).map(([f, h]) => `  --${f.padEnd(22)} ${h}`).join('\n')}

vary parts:
${VARY_PARTS.map((p) => `  ${p.name.padEnd(24)} ${p.help}`).join('\n')}

Every other option is \`redcheck run\`'s (see \`redcheck run --help\`) and fixes that part;
fixing a part that --vary opens is an error. docs/explore.md has examples.

exit: 1 a counterexample was found, 0 none in the trials (not proof that the property
holds), 2 bad input or the search was interrupted`;

/** Split explore's own flags from `run`'s (`--flag v` and `--flag=v`). */
function splitArgs(argv: string[]): { own: Partial<Record<ExploreFlag, string>>; rest: string[] } {
  const own: Partial<Record<ExploreFlag, string>> = {};
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    const m = /^--([a-z-]+)(?:=(.*))?$/s.exec(arg);
    const name = m?.[1];
    if (m === null || name === undefined || !Object.hasOwn(EXPLORE_FLAGS, name)) {
      rest.push(arg);
      continue;
    }
    const v = m[2] ?? argv[++i];
    if (v === undefined) throw usageError('explore', `--${name} needs a value`);
    own[name as ExploreFlag] = v;
  }
  return { own, rest };
}

function positiveInt(flag: string, text: string | undefined, fallback: number, min = 1): number {
  if (text === undefined) return fallback;
  const n = Number(text);
  if (text.trim() === '' || !Number.isInteger(n) || n < min) {
    throw usageError('explore', `--${flag} wants an integer >= ${min}, got "${text}"`);
  }
  return n;
}

function shellQuote(s: string): string {
  return /^[\w./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

/** A path as the user should type it: relative to the working folder when under it. */
function shownPath(file: string): string {
  const rel = relative(process.cwd(), file);
  return rel === '' || rel.startsWith('..') ? file : rel;
}

function report(r: ExploreResult, outDir: string): void {
  const files = writeExploreOutputs(r, outDir);
  const min = r.candidates.find((c) => c.id === r.minimal);
  console.log(
    `explore: ${r.trialsRun} of ${r.trials} trials, ${r.runs} runs (${r.shrinkRuns} shrinking), seed ${r.seed}`,
  );
  if (r.stopped) console.log(`  stopped early: ${r.stopped}`);
  const first = r.candidates.find((c) => c.id === r.firstFailure);
  if (first) console.log(`  first failure: ${first.id} (${first.verdict}): ${first.command}`);
  if (min) {
    console.log(
      `  counterexample to ${r.property}: ${min.id}, after ${r.steps.length} shrink step(s)`,
    );
    for (const [k, v] of Object.entries(min.varied)) console.log(`    ${k}: ${JSON.stringify(v)}`);
    console.log(`  re-run the minimal scenario: ${min.command}`);
  } else if (r.exitCode === 0) {
    console.log(
      `  no counterexample to ${r.property} in ${r.trialsRun} trial(s); the absence of a counterexample is not proof that it holds`,
    );
  }
  console.log(`  ${files.html}`);
}

export const exploreCommand: Command = {
  name: 'explore',
  usage: USAGE,
  async run(argv) {
    const { own, rest } = splitArgs(argv);
    const property = parseProperty(own.property);
    if (own.vary === undefined) throw usageError('explore', 'explore needs --vary');
    const { input } = parseRunArgs(rest);
    const trialTimeMs = durationMs('trial-time', own['trial-time'], 15_000);
    if (trialTimeMs < 1000) {
      throw usageError('explore', `--trial-time ${trialTimeMs}ms is below 1s`);
    }
    const outDir = resolve(own.out ?? 'explore-out');
    const fixed = { ...input, store: input.store ?? join(outDir, 'runs') };
    const list = (text: string): string[] =>
      text
        .split(',')
        .map((x) => x.trim())
        .filter((x) => x !== '');
    const space = exploreSpace(
      fixed,
      list(own.vary),
      trialTimeMs,
      own['fault-kinds'] === undefined ? undefined : list(own['fault-kinds']),
    );
    const seed = positiveInt('seed', own.seed, randomSeed(), 0);
    if (seed > MAX_SEED) throw usageError('explore', `--seed ${seed} is above ${MAX_SEED}`);
    const trials = positiveInt('trials', own.trials, 10);
    const confirm = positiveInt('confirm', own.confirm, 2);
    const maxShrinkRuns = positiveInt('max-shrink-runs', own['max-shrink-runs'], 40, 0);
    const budgetMs = durationMs('budget', own.budget, 30 * 60_000);
    const scenarios = join(prepareOutputFolder(outDir, '--out'), 'scenarios');
    mkdirSync(scenarios, { recursive: true });
    console.error(`[explore] seed ${seed}; output ${outDir}`);
    // Ctrl-C: the run in progress unwinds on its own (workers stop, faults heal, containers
    // go); no further run starts, and explore.json is written before the process exits.
    const stop = new AbortController();
    const pending: { search?: Promise<ExploreResult> } = {};
    const unhook = onShutdown(async () => {
      stop.abort();
      const r = await pending.search;
      if (r) report(r, outDir);
    });
    const done = explore({
      signal: stop.signal,
      space,
      property,
      trials,
      seed,
      confirm,
      maxShrinkRuns,
      budgetMs,
      record: (scenario, id) => {
        const file = join(scenarios, `${id}.json`);
        writeFileSync(file, JSON.stringify(scenario, null, 2) + '\n');
        return {
          scenarioFile: relative(outDir, file),
          command: `redcheck run --scenario ${shellQuote(shownPath(file))}`,
        };
      },
      runOne: async (scenario) => {
        const r = await runScenario({
          scenario,
          progress: process.stderr.isTTY ? process.stderr : null,
        });
        return {
          measures: measure(r.results),
          runDir: r.runDir,
          report: relative(outDir, join(r.runDir, 'report.html')),
          ...(r.results.interrupted === undefined ? {} : { interrupted: r.results.interrupted }),
        };
      },
    });
    pending.search = done;
    try {
      const result = await done;
      if (!stop.signal.aborted) report(result, outDir);
      return result.exitCode;
    } finally {
      unhook();
    }
  },
};
