/**
 * Files redcheck writes at the user's request (`--report`, `--out`, a run's pages): checked
 * before the work starts, so a typo in a path costs nothing, and a failed write is
 * E_OUTPUT_UNWRITABLE naming the path and the reason, never a stack trace.
 */
import { accessSync, constants, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { errorMessage, RedcheckError } from '../errors.js';

/** The reason an fs error gives, in words (`permission denied`, `no such directory`). */
export function fsErrorReason(e: unknown): string {
  switch ((e as NodeJS.ErrnoException | undefined)?.code) {
    case 'ENOENT':
      return 'no such directory';
    case 'EISDIR':
      return 'it is a directory';
    case 'ENOTDIR':
      return 'a parent is not a directory';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EROFS':
      return 'read-only file system';
    case 'ENOSPC':
      return 'no space left on the device';
    default:
      return errorMessage(e);
  }
}

/** The error for a file that could not be written; `what` names it (`--report`). */
export function unwritableOutput(path: string, what: string, e: unknown): RedcheckError {
  return new RedcheckError(
    'E_OUTPUT_UNWRITABLE',
    `cannot write ${what} ${path}: ${fsErrorReason(e)}`,
    'give a file path in a directory that exists and that you can write to',
  );
}

/**
 * Check, before any work, that `path` can be written: not a directory, its directory exists
 * and is writable, the file (when it exists) is writable. Throws E_OUTPUT_UNWRITABLE.
 */
export function checkWritableFile(path: string, what: string): void {
  const fail = (why: string): never => {
    throw new RedcheckError(
      'E_OUTPUT_UNWRITABLE',
      `cannot write ${what} ${path}: ${why}`,
      'give a file path in a directory that exists and that you can write to',
    );
  };
  if (path === '') fail('the path is empty');
  let exists = false;
  try {
    const s = statSync(path);
    if (s.isDirectory()) fail('it is a directory; give a file name');
    exists = true;
  } catch (e) {
    if (e instanceof RedcheckError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT') fail(fsErrorReason(e));
  }
  const dir = dirname(resolve(path));
  try {
    if (!statSync(dir).isDirectory()) fail(`${dir} is not a directory`);
    accessSync(exists ? path : dir, constants.W_OK);
  } catch (e) {
    if (e instanceof RedcheckError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    fail(code === 'ENOENT' ? `no such directory ${dirname(path)}` : fsErrorReason(e));
  }
}

/** Check that files can be created in `dir` (a run folder whose pages are rewritten). */
export function checkWritableDir(dir: string, what: string): void {
  try {
    if (!statSync(dir).isDirectory()) throw Object.assign(new Error(), { code: 'ENOTDIR' });
    accessSync(dir, constants.W_OK);
  } catch (e) {
    throw new RedcheckError(
      'E_OUTPUT_UNWRITABLE',
      `cannot write ${what} in ${dir}: ${fsErrorReason(e)}`,
      'run it where you can write, or copy the run folder somewhere writable first',
    );
  }
}

/**
 * `e` as E_OUTPUT_UNWRITABLE when it is a failed file-system write (an fs error with a path),
 * else `e` itself: for the catch around a write that a check could not foresee.
 */
export function asOutputError(e: unknown, what: string): unknown {
  const err = e as NodeJS.ErrnoException | undefined;
  if (err instanceof Error && typeof err.code === 'string' && typeof err.path === 'string') {
    return unwritableOutput(err.path, what, e);
  }
  return e;
}
