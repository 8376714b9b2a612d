import { defineCommand } from '../defineCommand.js';
import { connectDocker } from '../../cluster/index.js';
import {
  cleanupLeftovers,
  type CleanupOptions,
  type CleanupReport,
} from '../../cluster/cleanupLeftovers.js';
import type { Command } from '../command.js';
import { RedcheckError } from '../../errors.js';
import { parseAge, pruneRuns } from '../../store/pruneRuns.js';

const USAGE = `usage: redcheck cleanup [--run <id>] [--all] [--engines <list>] [--json]
       redcheck cleanup --store <dir> (--keep-last N | --older-than <age>) [--dry-run] [--json]

Remove what killed runs left: every container and network labelled redcheck.run, and every
rc-* host bridge (with its client-zone addresses) that no Docker network owns. Runs whose
process is still alive are spared unless --all.

options:
  --run <id>   only this run's objects
  --all        also remove runs whose process is still alive
  --engines <list>  on each of these engines (comma-separated: local, unix:///path,
               tcp://host:port, ssh://user@host), as a run over several machines left them
  --json       print {"removed": [...], "spared": [...]}

pruning the store (no Docker needed): removes old run folders and says which
  --store <dir>        the store to prune (run folders only; \`latest\` and its run are kept)
  --keep-last N        keep the N newest runs
  --older-than <age>   remove runs started more than <age> ago: 7d, 12h, 30m
  --dry-run            say what would be removed, remove nothing`;

function mb(bytes: number): string {
  return `${(bytes / 1e6).toFixed(1)} MB`;
}

/** `cleanup --store`: prune old run folders. */
function pruneStore(values: {
  store: string;
  'keep-last'?: string;
  'older-than'?: string;
  'dry-run': boolean;
  json: boolean;
}): number {
  let keepLast: number | undefined;
  if (values['keep-last'] !== undefined) {
    keepLast = Number(values['keep-last']);
    if (!Number.isInteger(keepLast) || keepLast < 0) {
      throw new RedcheckError(
        'E_OPTION',
        `--keep-last: ${JSON.stringify(values['keep-last'])} is not a whole number`,
        'pass how many of the newest runs to keep, e.g. --keep-last 20',
      );
    }
  }
  const olderThanMs =
    values['older-than'] === undefined ? undefined : parseAge(values['older-than']);
  const report = pruneRuns(values.store, {
    ...(keepLast === undefined ? {} : { keepLast }),
    ...(olderThanMs === undefined ? {} : { olderThanMs }),
    dryRun: values['dry-run'],
  });
  if (values.json) {
    console.log(JSON.stringify({ ...report, dryRun: values['dry-run'] }));
    return 0;
  }
  const verb = values['dry-run'] ? 'would remove' : 'removed';
  for (const r of report.removed) console.log(`[cleanup] ${verb} ${r.dir} (${mb(r.bytes)})`);
  const total = report.removed.reduce((n, r) => n + r.bytes, 0);
  console.log(
    report.removed.length > 0
      ? `[cleanup] ${verb} ${report.removed.length} runs (${mb(total)}); kept ${report.kept.length}`
      : `[cleanup] no run to remove; kept ${report.kept.length}`,
  );
  return 0;
}

/** `cleanup --engines`: the same, on every engine of the list (parsed, each must answer). */
async function cleanupOnEngines(list: string, o: CleanupOptions): Promise<CleanupReport> {
  const { parseEngines } = await import('../../cluster/swarm/engines.js');
  const { cleanupEngines } = await import('../../cluster/swarm/cleanupEngines.js');
  return cleanupEngines(parseEngines(list), o);
}

export const cleanupCommand: Command = defineCommand({
  name: 'cleanup',
  usage: USAGE,
  options: {
    run: { type: 'string' },
    all: { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
    store: { type: 'string' },
    'keep-last': { type: 'string' },
    'older-than': { type: 'string' },
    'dry-run': { type: 'boolean', default: false },
    engines: { type: 'string' },
  },
  async run({ values }) {
    if (values.store !== undefined) return pruneStore({ ...values, store: values.store });
    if (values['keep-last'] !== undefined || values['older-than'] !== undefined) {
      throw new RedcheckError(
        'E_OPTION',
        '--keep-last and --older-than prune a store: they need --store <dir>',
        'e.g. `redcheck cleanup --store store --keep-last 20`',
      );
    }
    const cleanupOptions = {
      runId: values.run,
      all: values.all,
      log: values.json ? undefined : (l: string) => console.log(l),
    };
    const report =
      values.engines === undefined
        ? await cleanupLeftovers(await connectDocker(), cleanupOptions)
        : await cleanupOnEngines(values.engines, cleanupOptions);
    if (values.json) {
      console.log(JSON.stringify(report));
      return 0;
    }
    for (const s of report.spared) console.log(`[cleanup] spared ${s} (use --all to remove it)`);
    console.log(
      report.removed.length
        ? `[cleanup] removed ${report.removed.length} objects`
        : '[cleanup] nothing to remove',
    );
    return 0;
  },
});
