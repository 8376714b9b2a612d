import { prepareOutputFolder } from '../../common/writeOutputFolder.js';
import { runScenario } from '../../runner/runScenario.js';
import { resolveScenario } from '../../runner/scenario.js';
import type { Command } from '../command.js';
import { runSweep } from '../sweep.js';
import { parseRunSweep } from '../run/parseRunSweep.js';
import { RUN_USAGE } from '../run/runUsage.js';
import { runSummary } from '../run/runSummary.js';

export const runCommand: Command = {
  name: 'run',
  usage: RUN_USAGE,
  async run(argv) {
    const { inputs, axes, settings, json } = parseRunSweep(argv);
    if (axes.length > 0) return runSweep(inputs, axes, settings, { json });
    const scenario = resolveScenario(inputs[0] ?? {});
    prepareOutputFolder(scenario.store, '--store');
    const result = await runScenario({
      scenario,
      progress: json && !process.stderr.isTTY ? null : process.stderr,
    });
    if (json) console.log(JSON.stringify(result.results, null, 2));
    else console.log(runSummary(result));
    return result.exitCode;
  },
};
