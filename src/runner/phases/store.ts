import { writeOutputFolder } from '../../common/writeOutputFolder.js';
import { isRedcheckError, errorMessage } from '../../errors.js';
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
    // Never lose what was recorded: keep the file as it is and say what is wrong with it.
    const content = JSON.stringify(r, null, 2) + '\n';
    writeOutputFolder(run.dir.root, { results: { name: RUN_FILES.results, content } }, '--store');
    run.log(`[runner] warning: ${errorMessage(e)}`);
  }
  if (f === undefined) await writeReportIfAvailable(run.dir.root, run.log);
}
