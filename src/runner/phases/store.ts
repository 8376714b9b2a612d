import { dirname } from 'node:path';
import { writeOutputFolder } from '../../common/writeOutputFolder.js';
import { isRedcheckError, errorMessage, RedcheckError } from '../../errors.js';
import { RUN_FILES, writeResults } from '../../store/index.js';
import { writeReportIfAvailable } from '../runReport.js';
import type { RunContext } from '../runContext.js';

/**
 * Store: `results.json` (with the error or the interruption, if any), then the report pages
 * and CI files beside it. A report that fails never fails the run.
 */
export async function store(run: RunContext): Promise<void> {
  const r = run.results;
  const f = run.failure;
  if (f !== undefined) {
    r.error = isRedcheckError(f)
      ? { code: f.code, message: f.message, ...(f.fix ? { fix: f.fix } : {}) }
      : { code: 'E_INTERNAL', message: errorMessage(f) };
  }
  const stopped = run.stop.reason();
  if (stopped !== undefined) r.interrupted = stopped;
  r.finishedAt = new Date().toISOString();
  try {
    writeResults(run.dir.root, r);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOSPC') {
      throw storeDiskFull(run.dir.root, { historyCut: run.history.diskFull, resultsLost: true });
    }
    // Never lose what was recorded: keep the file as it is and say what is wrong with it.
    const content = JSON.stringify(r, null, 2) + '\n';
    writeOutputFolder(run.dir.root, { results: { name: RUN_FILES.results, content } }, '--store');
    run.log(`[runner] warning: ${errorMessage(e)}`);
  }
  if (run.history.diskFull) {
    // The run ends on the full disk (the history's own error is in results.json).
    run.failure = storeDiskFull(run.dir.root, { historyCut: true, resultsLost: false });
  }
  if (f === undefined) await writeReportIfAvailable(run.dir.root, run.log);
}

/**
 * The error that ends a run whose store is on a full disk (exit 2): it names the store folder
 * and what the user can do, not the one file that happened to be the last write.
 */
function storeDiskFull(
  runDir: string,
  what: { historyCut: boolean; resultsLost: boolean },
): RedcheckError {
  const store = dirname(runDir);
  const lost = [
    ...(what.historyCut
      ? [`the history of ${runDir} stopped when it filled (what was written before is kept)`]
      : []),
    ...(what.resultsLost ? [`results.json could not be written`] : []),
  ];
  return new RedcheckError(
    'E_STORE',
    `the disk of the store folder ${store} is full: ${lost.join(', and ')}`,
    `free space on that disk (\`redcheck cleanup --store ${store} --keep-last N\` removes old runs), or pass \`--store <dir>\` with a folder on another disk`,
  );
}
