import { defineCommand } from '../defineCommand.js';
import { RedcheckError } from '../../errors.js';
import { writeRunReport } from '../../../reports/index.js';
import type { Command } from '../command.js';
import { scenarioDefaults } from '../../runner/scenario/scenarioDefaults.js';
import { statSync } from 'node:fs';
import { asOutputError, checkWritableDir } from '../../common/outputFile.js';

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

const USAGE = `usage: redcheck report <run-dir>

Write <run-dir>/report.html again from the run's stored files (results.json, scenario.json,
history.jsonl.gz), and beside it junit.xml and summary.md: the three files a run writes after
its check. The page is one self-contained file: open it from disk, no network needed.

exit: 0 written, 2 bad input (no such run directory, unreadable results.json)`;

export const reportCommand: Command = defineCommand({
  name: 'report',
  usage: USAGE,
  positionals: true,
  options: {},
  async run({ positionals }) {
    const [dir, ...extra] = positionals;
    if (dir === undefined || extra.length > 0) {
      throw new RedcheckError(
        'E_USAGE',
        `report takes exactly one run directory, got ${positionals.length}`,
        'redcheck report store/<run>  (or store/latest)',
      );
    }
    if (isDirectory(dir)) checkWritableDir(dir, 'the report');
    const out = await writeRunReport(dir, { scenarioDefaults }).catch((e: unknown) => {
      throw asOutputError(e, 'the report');
    });
    console.log(out);
    return 0;
  },
});
