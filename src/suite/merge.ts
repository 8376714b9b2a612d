/**
 * `suite merge`: join the `suite.json` of each shard into the result one unsharded run would
 * have given (cases in plan order; run pages linked from the merged folder).
 */
import { relative, resolve } from 'node:path';
import { RedcheckError } from '../errors.js';
import {
  SUITE_SCHEMA_VERSION,
  suiteExitCode,
  type SuiteCase,
  type SuiteResult,
} from './suiteResult.js';

export interface ShardResult {
  /** The folder the shard's `suite.json` was read from. */
  dir: string;
  result: SuiteResult;
}

/** Merge shards. Throws RedcheckError (exit 2) when they are of different suites or a case is missing or twice. */
export function mergeSuites(shards: readonly ShardResult[], outDir: string): SuiteResult {
  const first = shards[0];
  if (!first)
    throw new RedcheckError(
      'E_USAGE',
      'suite merge: no folders given',
      'redcheck suite merge DIR...',
    );
  const plan = first.result.plan;
  const byId = new Map<string, SuiteCase>();
  for (const { dir, result } of shards) {
    if (result.plan.join('\n') !== plan.join('\n') || result.repeat !== first.result.repeat) {
      throw new RedcheckError(
        'E_USAGE',
        `suite merge: ${dir} is a shard of another suite (its plan or --repeat differs from ${first.dir}'s)`,
        'merge the shards of one suite run: same scenarios, --redis and --repeat',
      );
    }
    for (const c of result.cases) {
      if (byId.has(c.id)) {
        throw new RedcheckError(
          'E_USAGE',
          `suite merge: case ${c.id} is in more than one folder (again in ${dir})`,
          'give each shard once',
        );
      }
      byId.set(c.id, {
        ...c,
        runs: c.runs.map((r) =>
          r.report === undefined ? r : { ...r, report: relative(outDir, resolve(dir, r.report)) },
        ),
      });
    }
  }
  const missing = plan.filter((id) => !byId.has(id));
  if (missing.length > 0) {
    throw new RedcheckError(
      'E_USAGE',
      `suite merge: ${missing.length} case(s) of the plan in no folder: ${missing.join(', ')}`,
      'give the folders of every shard (--shard 1/n ... n/n)',
    );
  }
  const cases = plan.map((id) => byId.get(id)).filter((c): c is SuiteCase => c !== undefined);
  const times = shards.map((s) => s.result);
  return {
    suiteSchemaVersion: SUITE_SCHEMA_VERSION,
    startedAt: times.map((t) => t.startedAt).sort()[0] ?? first.result.startedAt,
    finishedAt:
      times
        .map((t) => t.finishedAt)
        .sort()
        .at(-1) ?? first.result.finishedAt,
    shard: null,
    repeat: first.result.repeat,
    plan: [...plan],
    cases,
    exitCode: suiteExitCode(cases),
  };
}
