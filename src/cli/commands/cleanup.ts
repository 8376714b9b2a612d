import { parseCommandArgs } from '../parseCommandArgs.js';
import { connectDocker } from '../../cluster/index.js';
import { cleanupLeftovers } from '../../cluster/cleanupLeftovers.js';
import type { Command } from '../command.js';

const USAGE = `usage: redcheck cleanup [--run <id>] [--all] [--json]

Remove what killed runs left: every container and network labelled redcheck.run, and every
rc-* host bridge (with its client-zone addresses) that no Docker network owns. Runs whose
process is still alive are spared unless --all.

options:
  --run <id>   only this run's objects
  --all        also remove runs whose process is still alive
  --json       print {"removed": [...], "spared": [...]}`;

export const cleanupCommand: Command = {
  name: 'cleanup',
  usage: USAGE,
  async run(argv) {
    const { values } = parseCommandArgs('cleanup', {
      args: argv,
      options: {
        run: { type: 'string' },
        all: { type: 'boolean', default: false },
        json: { type: 'boolean', default: false },
      },
    });
    const docker = await connectDocker();
    const report = await cleanupLeftovers(docker, {
      runId: values.run,
      all: values.all,
      log: values.json ? undefined : (l) => console.log(l),
    });
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
};
