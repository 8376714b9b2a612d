import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { RedcheckError } from '../errors.js';
import { runResultsSchema, type RunResults } from './results.js';
import { RUN_FILES } from './runDir.js';
import { schemaMessage } from './schemaError.js';

/**
 * Validate `results` against the schema and write `<dir>/results.json` (through a temporary
 * file, so a reader never sees half a file). Returns the path. A result that does not match
 * the schema is a bug of the writer: RedcheckError `E_RUN_SCHEMA`, and nothing is written.
 */
export function writeResults(dir: string, results: RunResults): string {
  const file = join(dir, RUN_FILES.results);
  const checked = runResultsSchema.safeParse(results);
  if (!checked.success) {
    throw new RedcheckError(
      'E_RUN_SCHEMA',
      `refusing to write ${schemaMessage(file, checked.error.issues)}`,
      'this is a bug in redcheck: report it with the run folder',
    );
  }
  const tmp = `${file}.${process.pid}.tmp`;
  try {
    writeFileSync(tmp, JSON.stringify(results, null, 2) + '\n');
    renameSync(tmp, file);
  } catch (e) {
    rmSync(tmp, { force: true }); // a full disk leaves no half file behind
    throw e;
  }
  return file;
}
