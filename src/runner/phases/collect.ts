import { collectNodeFiles } from '../collectNodeFiles.js';
import type { RunContext } from '../runContext.js';
import { deploymentOf } from './workload.js';

/** Collect: each node's logs and INFO snapshots into `nodes/<name>/`. */
export async function collect(run: RunContext): Promise<void> {
  await run.stop.abortable(collectNodeFiles(deploymentOf(run), run.dir));
}
