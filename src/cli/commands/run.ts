import { prepareOutputFolder } from '../../common/writeOutputFolder.js';
import { runScenario } from '../../runner/runScenario.js';
import { resolveScenario } from '../../runner/scenario.js';
import type { Command } from '../command.js';
import { runSweep } from '../sweep.js';
import { parseRunSweep } from '../run/parseRunSweep.js';
import { RUN_USAGE } from '../run/runUsage.js';
import { runSummary } from '../run/runSummary.js';
import { takeEngineFlags } from '../run/engineFlags.js';
import { usageError } from '../parseCommandArgs.js';

export const runCommand: Command = {
  name: 'run',
  usage: RUN_USAGE,
  async run(argv) {
    const { rest, swarm } = takeEngineFlags(argv);
    const { inputs, axes, settings, json } = parseRunSweep(rest);
    if (axes.length > 0 && swarm)
      throw usageError('run', 'a sweep runs on one engine: drop --engines');
    if (axes.length > 0) return runSweep(inputs, axes, settings, { json });
    const scenario = resolveScenario(inputs[0] ?? {});
    prepareOutputFolder(scenario.store, '--store');
    const result = await runScenario({
      scenario,
      progress: json && !process.stderr.isTTY ? null : process.stderr,
      ...(swarm ? { engines: swarm } : {}),
    });
    if (json) console.log(JSON.stringify(result.results, null, 2));
    else console.log(runSummary(result));
    return result.exitCode;
  },
};
