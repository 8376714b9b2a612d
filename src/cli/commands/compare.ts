import { defineCommand } from '../defineCommand.js';
import { writeCompareReport } from '../../../reports/index.js';
import type { Command } from '../command.js';
import { judgeRun } from '../judgeRun.js';
import { asOutputError, checkWritableFile } from '../../common/outputFile.js';

const USAGE = `usage: redcheck compare <run-dir>... [--out compare.html]

One page with the runs side by side: what differs between their scenarios, lost acknowledged
writes (count and percent), partial writes, throughput, latency p50/p99, time to fail over,
verdict, and a bar chart of lost percent; for a persistence sweep also how long before each
fault the oldest lost write was acknowledged (lost before the fault) against what the setting
promises, write throughput and latency p50/p99/p99.9 with no fault, fsync stalls
(aof_delayed_fsync), and the claim and expectations a run's scenario had. It is the page
\`redcheck run --persistence none,rdb,...\` writes after a sweep.

options:
  --out <file>   where to write the page (default compare.html)

exit: 0 written, 2 bad input (a directory without results.json)`;

export const compareCommand: Command = defineCommand({
  name: 'compare',
  usage: USAGE,
  positionals: true,
  options: { out: { type: 'string', short: 'o' } },
  async run(parsed) {
    const target = parsed.values.out ?? 'compare.html';
    checkWritableFile(target, '--out');
    const out = await writeCompareReport(parsed.positionals, target, {
      judge: judgeRun,
    }).catch((e: unknown) => {
      throw asOutputError(e, '--out');
    });
    console.log(out);
    return 0;
  },
});
