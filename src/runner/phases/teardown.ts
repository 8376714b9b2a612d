import type { RunContext } from '../runContext.js';
import { healFaults } from './heal.js';

/**
 * Teardown: heal what a failed or stopped run left, remove the deployment (unless `--keep`, or
 * it was given by the caller), and close the history. Runs whatever happened before.
 */
export async function teardown(run: RunContext): Promise<void> {
  await healFaults(run);
  const d = run.deployment;
  if (d !== undefined && d !== run.options.deployment) {
    if (run.scenario.keep && run.stop.reason() === undefined) {
      run.log(
        `[runner] --keep: deployment ${run.results.run} left running; remove it with \`redcheck cleanup\``,
      );
    } else {
      await d.dispose();
    }
  }
  await run.history.close();
}
