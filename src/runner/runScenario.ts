import { RedcheckError } from '../errors.js';
import { exitCodeFor } from '../checker/verdict.js';
import type { RunResults } from '../store/index.js';
import { Interrupted } from './interruption.js';
import { causes } from './phases/causes.js';
import { check } from './phases/check.js';
import { collect } from './phases/collect.js';
import { finalReads } from './phases/finalReads.js';
import { heal } from './phases/heal.js';
import { settle } from './phases/settle.js';
import { setup } from './phases/setup.js';
import { store } from './phases/store.js';
import { teardown } from './phases/teardown.js';
import { workload } from './phases/workload.js';
import { openRun, phase, type RunContext, type RunScenarioOptions } from './runContext.js';

export type { RunScenarioOptions } from './runContext.js';

export interface RunScenarioResult {
  /** `store/<run>/`, absolute. */
  runDir: string;
  results: RunResults;
  /** 0 valid, 1 invalid, 3 unknown (errors are thrown: exit 2). */
  exitCode: number;
  /** The workload's lines about the verdict, for the terminal. */
  summary: string[];
}

/**
 * Run one scenario end to end, as Jepsen's `run!` does: each phase a function over one run
 * context. On SIGINT/SIGTERM or the run timeout the phases unwind: the workers stop, every
 * fault is healed, the deployment is removed and what was recorded is kept and checked.
 * Throws RedcheckError (exit 2) when the run could not be carried out, after storing
 * `results.json` with the error.
 */
export async function runScenario(o: RunScenarioOptions): Promise<RunScenarioResult> {
  const run = openRun(o); // the run's folder, scenario.json, history, stop on Ctrl-C or timeout
  try {
    await phase(run, 'setup', setup); // image, network, nodes, topology; healthy
    await phase(run, 'workload', workload); // workers and nemesis for the time limit
    await phase(run, 'heal', heal); // end every fault
    await phase(run, 'settle', settle); // one primary agreed, replicas caught up
    await phase(run, 'final-reads', finalReads); // every node's state, into the history
    await phase(run, 'collect', collect); // node logs and INFO snapshots
  } catch (e) {
    if (!(e instanceof Interrupted)) run.failure = e;
  } finally {
    await phase(run, 'teardown', teardown); // heal what is left, remove the deployment
  }
  await phase(run, 'check', check); // every checker, from the stored history
  await phase(run, 'causes', causes); // every lost write given one cause, with its evidence
  await phase(run, 'store', store); // results.json, report.html, junit.xml, summary.md
  return finish(run);
}

/** The run's outcome: its verdict, or the error that ended it (thrown, exit 2). */
function finish(run: RunContext): RunScenarioResult {
  run.stop.finished();
  const f: unknown = run.failure;
  if (f instanceof Error) throw f;
  if (f !== undefined) throw new Error(JSON.stringify(f));
  const stopped = run.stop.reason();
  if (stopped?.startsWith('run timeout')) {
    throw new RedcheckError(
      'E_RUN_TIMEOUT',
      `${stopped}; what was recorded is in ${run.dir.root}`,
      'raise --run-timeout, or look at the node logs for what hung',
    );
  }
  return {
    runDir: run.dir.root,
    results: run.results,
    exitCode: exitCodeFor(run.results.valid),
    summary: run.summary,
  };
}
