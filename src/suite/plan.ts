/**
 * The suite's plan: which scenario files, on which images, in which order, and the slice a
 * shard runs. Deterministic: the same files and the same `--shard i/n` give the same slice.
 */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { errorMessage, isRedcheckError, RedcheckError } from '../errors.js';
import { resolveScenario } from '../runner/scenario.js';
import { loadSuiteScenario, type SuiteScenario } from './scenarioFile.js';

/** One scenario on one image: what the suite runs (`repeat` times) and reports as one case. */
export interface SuiteCasePlan {
  /** `<scenario id>`, or `<scenario id>@<redis or image>` when the suite runs several images. */
  id: string;
  scenario: SuiteScenario;
  /** The image override (`--redis`), if any. */
  redis?: string;
  /** The image override (`--image a,b`, several images of the user's own), if any. */
  image?: string;
}

export interface Shard {
  /** 1-based. */
  index: number;
  count: number;
}

/** `--shard i/n`: 1 <= i <= n. Throws a usage error naming what was expected. */
export function parseShard(text: string): Shard {
  const m = /^(\d+)\/(\d+)$/.exec(text.trim());
  const index = Number(m?.[1]);
  const count = Number(m?.[2]);
  if (!m || count < 1 || index < 1 || index > count) {
    throw new RedcheckError(
      'E_USAGE',
      `--shard ${text}: expected i/n with 1 <= i <= n (e.g. 1/4)`,
      'see `redcheck suite --help`',
    );
  }
  return { index, count };
}

/** The scenario files named by the arguments: each folder's `*.json` (sorted), then files as given. */
export function scenarioFiles(args: readonly string[]): string[] {
  if (args.length === 0) {
    throw new RedcheckError('E_USAGE', 'no scenarios given', 'redcheck suite <dir|files...>');
  }
  const files: string[] = [];
  for (const a of args) {
    let isDir: boolean;
    try {
      isDir = statSync(a).isDirectory();
    } catch (e) {
      throw new RedcheckError(
        'E_SCENARIO',
        `cannot read ${a}: ${errorMessage(e)}`,
        'give scenario files or folders',
      );
    }
    if (!isDir) files.push(a);
    else {
      const inDir = readdirSync(a)
        .filter((f) => f.endsWith('.json'))
        .sort()
        .map((f) => join(a, f));
      if (inDir.length === 0) {
        throw new RedcheckError(
          'E_SCENARIO',
          `no .json scenario files in ${a}`,
          'give a folder of scenario files',
        );
      }
      files.push(...inDir);
    }
  }
  return files;
}

/**
 * Load every file and cross it with the images: redcheck's own (`--redis`) or the user's
 * (`--image a,b`, when more than one). Throws on a bad file or a repeated id.
 */
export function planSuite(
  files: readonly string[],
  redis: readonly string[] = [],
  images: readonly string[] = [],
): SuiteCasePlan[] {
  const scenarios = files.map(loadSuiteScenario);
  const seen = new Map<string, string>();
  for (const s of scenarios) {
    const other = seen.get(s.id);
    if (other !== undefined) {
      throw new RedcheckError(
        'E_SCENARIO',
        `${s.file}: scenario id "${s.id}" is also the id of ${other}`,
        'give each scenario file a name of its own',
      );
    }
    seen.set(s.id, s.file);
  }
  if (images.length > 0) {
    return scenarios.flatMap((scenario) =>
      images.map((image) => ({ id: `${scenario.id}@${image}`, scenario, image })),
    );
  }
  if (redis.length === 0) return scenarios.map((scenario) => ({ id: scenario.id, scenario }));
  const cases = scenarios.flatMap((scenario) =>
    redis.map((r) => ({ id: `${scenario.id}@${r}`, scenario, redis: r })),
  );
  for (const c of cases) {
    if (c.scenario.pending) continue;
    try {
      resolveScenario({ ...c.scenario.input, redis: c.redis });
    } catch (e) {
      if (isRedcheckError(e))
        throw new RedcheckError(e.code, `--redis ${c.redis}: ${e.message}`, e.fix);
      throw e;
    }
  }
  return cases;
}

/** Rough ms one run of a case takes, to balance shards: its time limit plus start-up and checks. */
export function estimatedMs(c: SuiteCasePlan): number {
  if (c.scenario.pending) return 0;
  return resolveScenario({ ...c.scenario.input, seed: 0 }).timeLimitMs + 40_000;
}

/**
 * The cases of shard `i/n`, in plan order: longest first to the least loaded shard (ties to
 * the lower shard, then plan order), so shards take about the same time and every case lands
 * in exactly one shard.
 */
export function shardOf<T extends { id: string }>(
  cases: readonly T[],
  shard: Shard,
  cost: (c: T) => number,
): T[] {
  const load = Array.from({ length: shard.count }, () => 0);
  const owner = new Map<number, number>();
  const order = cases.map((c, i) => ({ i, ms: cost(c) })).sort((a, b) => b.ms - a.ms || a.i - b.i);
  for (const { i, ms } of order) {
    let best = 0;
    for (let s = 1; s < load.length; s++) if ((load[s] ?? 0) < (load[best] ?? 0)) best = s;
    load[best] = (load[best] ?? 0) + ms;
    owner.set(i, best + 1);
  }
  return cases.filter((_, i) => owner.get(i) === shard.index);
}
