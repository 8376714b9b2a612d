/**
 * The output folder of a command (`run --store`, `suite --out`, `explore --out`, a sweep's
 * store): checked or created before the work, so a bad path costs nothing, then its files
 * written whole (a temporary file renamed over the name: a reader never sees half a page).
 * Every failure is E_OUTPUT_UNWRITABLE (exit 2) naming the folder and the reason.
 */
import {
  accessSync,
  constants,
  mkdirSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { RedcheckError } from '../errors.js';
import { fsErrorReason, unwritableOutput } from './outputFile.js';

/** One file of an output folder: its name in the folder and its content. */
export interface OutputFolderFile {
  readonly name: string;
  readonly content: string | Uint8Array;
}

function badFolder(dir: string, what: string, why: string): RedcheckError {
  return new RedcheckError(
    'E_OUTPUT_UNWRITABLE',
    `cannot write ${what} ${dir}: ${why}`,
    `give ${what} a folder you can write to (it is created when missing)`,
  );
}

/**
 * `mkdir -p` that ends: Node 20's recursive mkdir spins for ever on a path that a pseudo
 * file system refuses with ENOENT (`/proc/x`). Returns quietly when the name exists (a
 * folder or a file: the caller looks).
 */
function makeFolder(abs: string): void {
  try {
    mkdirSync(abs);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return;
    const parent = dirname(abs);
    if (code !== 'ENOENT' || parent === abs) throw e;
    makeFolder(parent);
    try {
      mkdirSync(abs);
    } catch (again) {
      // A second ENOENT, its parent there, is thrown: the folder cannot be made.
      if ((again as NodeJS.ErrnoException).code !== 'EEXIST') throw again;
    }
  }
}

/**
 * Create `dir` (and its parents) when missing and check that files can be written in it.
 * `what` names it for the user (`--out`). Returns the absolute path. Throws
 * E_OUTPUT_UNWRITABLE when it is a file, or cannot be created or written.
 */
export function prepareOutputFolder(dir: string, what: string): string {
  if (dir === '') throw badFolder(dir, what, 'the path is empty');
  const abs = resolve(dir);
  try {
    makeFolder(abs);
    if (!statSync(abs).isDirectory()) throw Object.assign(new Error(), { code: 'EEXIST' });
    accessSync(abs, constants.W_OK);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw badFolder(dir, what, code === 'EEXIST' ? 'it is a file, not a folder' : fsErrorReason(e));
  }
  return abs;
}

/**
 * Write `files` into `dir` (created when missing; see `prepareOutputFolder`), each whole
 * through a temporary file and a rename. Returns each file's absolute path under its key.
 * Throws E_OUTPUT_UNWRITABLE naming the folder or the file that could not be written.
 */
export function writeOutputFolder<K extends string>(
  dir: string,
  files: Readonly<Record<K, OutputFolderFile>>,
  what: string,
): Record<K, string> {
  const abs = prepareOutputFolder(dir, what);
  const paths = {} as Record<K, string>;
  for (const key of Object.keys(files) as K[]) {
    const file = files[key];
    const path = join(abs, file.name);
    const tmp = `${path}.${process.pid}.tmp`;
    try {
      writeFileSync(tmp, file.content);
      renameSync(tmp, path);
    } catch (e) {
      rmSync(tmp, { force: true });
      throw unwritableOutput(path, what, e);
    }
    paths[key] = path;
  }
  return paths;
}
