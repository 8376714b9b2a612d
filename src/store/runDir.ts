import { existsSync, mkdirSync, renameSync, rmSync, symlinkSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { RedcheckError } from '../errors.js';

/** The files of a run folder, by role. */
export const RUN_FILES = {
  results: 'results.json',
  scenario: 'scenario.json',
  /** Written gzip-compressed as the run goes (`zcat history.jsonl.gz | head`). */
  history: 'history.jsonl.gz',
  nodes: 'nodes',
} as const;

/** The history's names, newest first: runs before compression wrote `history.jsonl`. */
export const HISTORY_NAMES = [RUN_FILES.history, 'history.jsonl'] as const;

/** The history file of run folder `dir` (either name), or undefined when it has none. */
export function findHistoryFile(dir: string): string | undefined {
  for (const name of HISTORY_NAMES) {
    const file = join(dir, name);
    if (existsSync(file)) return file;
  }
  return undefined;
}

/** The link in the store that points at the newest run. */
export const LATEST = 'latest';

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
    mkdirSync(join(root, RUN_FILES.nodes), { recursive: true });
  } catch (e) {
    throw new RedcheckError(
      'E_STORE',
      `cannot create run folder ${root}: ${e instanceof Error ? e.message : String(e)}`,
      'pass a writable --store folder',
    );
  }
  return {
    root,
    scenario: join(root, RUN_FILES.scenario),
    history: join(root, RUN_FILES.history),
    results: join(root, RUN_FILES.results),
    node: (name) => {
      const dir = join(root, RUN_FILES.nodes, name);
      mkdirSync(dir, { recursive: true });
      return dir;
    },
  };
}

/** Point `<store>/latest` at `runId` (a relative symlink, replaced atomically). */
export function updateLatest(store: string, runId: string): void {
  const link = resolve(store, LATEST);
  const tmp = `${link}.${process.pid}.tmp`;
  try {
    rmSync(tmp, { force: true });
    symlinkSync(runId, tmp);
    renameSync(tmp, link);
  } catch {
    rmSync(tmp, { force: true });
  }
}
