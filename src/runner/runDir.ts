import { mkdirSync, renameSync, rmSync, symlinkSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { RedcheckError } from '../errors.js';

/** The folder of one run: `store/<run>/`, with the file names the report and tools expect. */
export interface RunDir {
  readonly root: string;
  readonly scenario: string;
  readonly history: string;
  readonly results: string;
  /** `nodes/<name>/` for logs and INFO snapshots. */
  node(name: string): string;
}

/** Create `<store>/<runId>/` (and `nodes/`). Throws E_STORE when it cannot. */
export function createRunDir(store: string, runId: string): RunDir {
  const root = resolve(store, runId);
  try {
    mkdirSync(join(root, 'nodes'), { recursive: true });
  } catch (e) {
    throw new RedcheckError(
      'E_STORE',
      `cannot create run folder ${root}: ${e instanceof Error ? e.message : String(e)}`,
      'pass a writable --store folder',
    );
  }
  return {
    root,
    scenario: join(root, 'scenario.json'),
    history: join(root, 'history.jsonl'),
    results: join(root, 'results.json'),
    node: (name) => {
      const dir = join(root, 'nodes', name);
      mkdirSync(dir, { recursive: true });
      return dir;
    },
  };
}

/** Point `<store>/latest` at `runId` (a relative symlink, replaced atomically). */
export function updateLatest(store: string, runId: string): void {
  const link = resolve(store, 'latest');
  const tmp = `${link}.${process.pid}.tmp`;
  try {
    rmSync(tmp, { force: true });
    symlinkSync(runId, tmp);
    renameSync(tmp, link);
  } catch {
    rmSync(tmp, { force: true });
  }
}
