import { existsSync, statSync } from 'node:fs';
import { prepareOutputFolder } from '../../common/writeOutputFolder.js';
import { join, resolve } from 'node:path';
import { parseCommandArgs, usageError } from '../parseCommandArgs.js';
import { runScenario } from '../../runner/runScenario.js';
import type { ScenarioInput } from '../../runner/scenario.js';
import {
  compareWithBaseline,
  estimatedMs,
  mergeSuites,
  parseShard,
  planSuite,
  readSuiteResult,
  runSuite,
  scenarioFiles,
  shardOf,
  writeSuiteOutputs,
  type SuiteResult,
} from '../../suite/index.js';
import type { Command } from '../command.js';

const USAGE = `usage: redcheck suite <dir|files...> [options]
       redcheck suite merge <dir>... [--out DIR] [--baseline suite.json]

Run scenario files one after another, each as \`redcheck run\` does (its seed printed), and
judge each by its expectations (\`expect\`, see docs/claims.md). Writes suite.json,
suite.html (one offline page: each claim confirmed, refuted, unknown, error or pending, its
numbers and a link to each run's page), junit.xml (one test case per scenario) and
summary.md (for a CI job summary) into --out. \`suite merge\` joins the --out folders of
every shard into the same files one unsharded run gives.

options:
  --out <dir>               output folder (default suite-out; merge: suite-merged)
  --store <dir>             run folders (default <out>/runs)
  --shard <i/n>             run only slice i of n (deterministic; balanced by time limit)
  --repeat <k>              k runs per scenario, seeds seed, seed+1, ... (default 1);
                            numbers shown as median (min-max)
  --redis <a,b,...>         run every scenario on each image (e.g. 7.0,8.0,valkey-8.1)
  --image <ref,...>         run every scenario on this image instead (any image holding
                            redis-server or valkey-server; see README, test your own Redis);
                            several: every scenario on each, as --redis does
  --server-binary <path>    the server binary inside --image
  --baseline <suite.json>   mark claims that flipped and numbers that moved beyond noise
                            since that suite (a folder holding suite.json works too)
  --time-limit <d>          override every scenario's time limit (a quick smoke run)
  --nemesis-interval <d>    override every scenario's nemesis interval
  --list                    print the cases this invocation would run, and exit

exit: 0 every expectation holds (pending ones aside), 1 one does not, 2 bad input or a run
error, 3 a checker ran out of budget (an expectation could not be decided)`;

function suiteJsonIn(pathOrDir: string): string {
  return existsSync(pathOrDir) && statSync(pathOrDir).isDirectory()
    ? join(pathOrDir, 'suite.json')
    : pathOrDir;
}

function withBaseline(result: SuiteResult, baseline: string | undefined): SuiteResult {
  if (baseline === undefined) return result;
  const file = suiteJsonIn(baseline);
  return compareWithBaseline(result, readSuiteResult(file), file);
}

function report(result: SuiteResult, outDir: string): number {
  const files = writeSuiteOutputs(result, outDir);
  const counts = new Map<string, number>();
  for (const c of result.cases) counts.set(c.status, (counts.get(c.status) ?? 0) + 1);
  console.log(`suite: ${[...counts].map(([s, n]) => `${n} ${s}`).join(', ') || 'no scenarios'}`);
  for (const c of result.cases) {
    console.log(`  ${c.status.padEnd(9)} ${(c.claim?.id ?? '-').padEnd(6)} ${c.id}`);
    for (const f of c.failures) console.log(`            ${f}`);
  }
  if (result.baseline) {
    console.log(
      `  against ${result.baseline.file}: ${result.baseline.flipped} flipped, ${result.baseline.moved} moved`,
    );
  }
  console.log(`  ${files.html}`);
  return result.exitCode;
}

function merge(argv: string[]): number {
  const { values, positionals } = parseCommandArgs('suite', {
    args: argv,
    options: { out: { type: 'string' }, baseline: { type: 'string' } },
    strict: true,
    allowPositionals: true,
  });
  if (positionals.length === 0) throw usageError('suite', 'suite merge needs the shard folders');
  const outDir = resolve(values.out ?? 'suite-merged');
  const shards = positionals.map((dir) => ({
    dir: resolve(dir),
    result: readSuiteResult(suiteJsonIn(dir)),
  }));
  return report(withBaseline(mergeSuites(shards, outDir), values.baseline), outDir);
}

function positiveInt(flag: string, text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1)
    throw usageError('suite', `--${flag} wants a positive integer, got "${text}"`);
  return n;
}

export const suiteCommand: Command = {
  name: 'suite',
  usage: USAGE,
  async run(argv) {
    if (argv[0] === 'merge') return merge(argv.slice(1));
    const { values, positionals } = parseCommandArgs('suite', {
      args: argv,
      options: {
        out: { type: 'string' },
        store: { type: 'string' },
        shard: { type: 'string' },
        repeat: { type: 'string' },
        redis: { type: 'string' },
        image: { type: 'string' },
        'server-binary': { type: 'string' },
        baseline: { type: 'string' },
        'time-limit': { type: 'string' },
        'nemesis-interval': { type: 'string' },
        list: { type: 'boolean' },
      },
      strict: true,
      allowPositionals: true,
    });
    const shard = values.shard === undefined ? null : parseShard(values.shard);
    const repeat = positiveInt('repeat', values.repeat, 1);
    const redis = (values.redis ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s !== '');
    const images = (values.image ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s !== '');
    const outDir = resolve(values.out ?? 'suite-out');
    if (values.image !== undefined && redis.length > 0) {
      throw usageError(
        'suite',
        `--image ${values.image} and --redis ${values.redis ?? ''} both name the server to test: give one`,
      );
    }
    const overrides: ScenarioInput = {
      store: values.store ?? join(outDir, 'runs'),
      // One image overrides every case; several are an axis, one case per scenario and image.
      ...(images.length === 1 ? { image: images[0] } : {}),
      ...(values['server-binary'] === undefined ? {} : { serverBinary: values['server-binary'] }),
      ...(values['time-limit'] === undefined ? {} : { timeLimit: values['time-limit'] }),
      ...(values['nemesis-interval'] === undefined
        ? {}
        : { nemesisInterval: values['nemesis-interval'] }),
    };
    const plan = planSuite(scenarioFiles(positionals), redis, images.length > 1 ? images : []);
    const cases = shard ? shardOf(plan, shard, estimatedMs) : plan;
    if (values.list) {
      for (const c of cases)
        console.log(
          `${c.id}${c.scenario.claim ? ` [${c.scenario.claim.id}]` : ''}${c.scenario.pending ? ' (pending)' : ''}  ${c.scenario.file}`,
        );
      return 0;
    }
    // A bad baseline or output folder is an error before hours of runs, not after.
    if (values.baseline !== undefined) readSuiteResult(suiteJsonIn(values.baseline));
    prepareOutputFolder(outDir, '--out');
    const result = await runSuite({
      plan,
      cases,
      shard,
      repeat,
      overrides,
      outDir,
      runOne: async (scenario) => {
        const r = await runScenario({
          scenario,
          progress: process.stderr.isTTY ? process.stderr : null,
        });
        return { runDir: r.runDir, results: r.results };
      },
    });
    return report(withBaseline(result, values.baseline), outDir);
  },
};
