import { existsSync, lstatSync, readdirSync, realpathSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseDuration } from '../common/duration.js';
import { RedcheckError } from '../errors.js';
import { HISTORY_NAMES, LATEST, RUN_FILES } from './runDir.js';

export interface PruneOptions {
  /** Keep this many of the newest runs (the one `latest` points at is always kept). */
  keepLast?: number;
  /** Remove runs that started more than this many ms before `now`. */
  olderThanMs?: number;
  /** Say what would be removed, remove nothing. */
  dryRun?: boolean;
  /** Default `Date.now()`. */
  now?: number;
}

export interface PrunedRun {
  /** The run folder's name (its run id). */
  run: string;
  dir: string;
  bytes: number;
  /** When the run started (ms since the epoch). */
  startedAt: number;
}

export interface PruneReport {
  removed: PrunedRun[];
  kept: string[];
}

/** Whether a folder of the store is a run folder (it holds a run's files). */
function isRunDir(dir: string): boolean {
  return [RUN_FILES.results, RUN_FILES.scenario, ...HISTORY_NAMES].some((f) =>
    existsSync(join(dir, f)),
  );
}

/** When a run started: from its id (`YYYYMMDDTHHMMSS-xxxx`, UTC), else the folder's time. */
function startedAt(name: string, dir: string): number {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})/.exec(name);
  if (m) {
    const [y, mo, d, h, mi, s] = m.slice(1).map(Number);
    return Date.UTC(y ?? 0, (mo ?? 1) - 1, d, h, mi, s);
  }
  return statSync(dir).mtimeMs;
}

function sizeOf(path: string): number {
  const s = lstatSync(path);
  if (!s.isDirectory()) return s.size;
  let total = 0;
  for (const e of readdirSync(path)) total += sizeOf(join(path, e));
  return total;
}

/**
 * Remove old run folders of a store: all but the `keepLast` newest, and/or those older than
 * `olderThanMs`. Only folders that hold a run's files are considered; symbolic links are never
 * followed, and the run `latest` points at is never removed. Throws E_STORE when the store
 * cannot be read, E_OPTION when no rule is given.
 */
export function pruneRuns(store: string, o: PruneOptions): PruneReport {
  if (o.keepLast === undefined && o.olderThanMs === undefined) {
    throw new RedcheckError(
      'E_OPTION',
      'cleanup --store needs a rule: --keep-last N or --older-than <age>',
      'e.g. `redcheck cleanup --store store --keep-last 20` or `--older-than 7d`',
    );
  }
  let names: string[];
  try {
    names = readdirSync(store);
  } catch (e) {
    throw new RedcheckError(
      'E_STORE',
      `cannot read the store ${store}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such folder' : String(e)}`,
      'pass the --store folder your runs were written to',
    );
  }
  let latest: string | undefined;
  try {
    latest = realpathSync(join(store, LATEST));
  } catch {
    latest = undefined;
  }
  const runs = names
    .map((name) => ({ name, dir: join(store, name) }))
    .filter(({ dir }) => {
      const s = lstatSync(dir);
      return s.isDirectory() && !s.isSymbolicLink() && isRunDir(dir);
    })
    .map((r) => ({ ...r, startedAt: startedAt(r.name, r.dir) }))
    .sort((a, b) => b.startedAt - a.startedAt || b.name.localeCompare(a.name));
  const now = o.now ?? Date.now();
  const removed: PrunedRun[] = [];
  const kept: string[] = [];
  runs.forEach((r, i) => {
    const isLatest = latest !== undefined && realpathSync(r.dir) === latest;
    const tooMany = o.keepLast !== undefined && i >= o.keepLast;
    const tooOld = o.olderThanMs !== undefined && now - r.startedAt > o.olderThanMs;
    if (isLatest || !(tooMany || tooOld)) {
      kept.push(r.name);
      return;
    }
    const bytes = sizeOf(r.dir);
    if (!o.dryRun) rmSync(r.dir, { recursive: true, force: true });
    removed.push({ run: r.name, dir: r.dir, bytes, startedAt: r.startedAt });
  });
  return { removed, kept };
}

/** Parse an age for `--older-than`: `7d`, `12h`, `30m`, ... (days beside parseDuration's units). */
export function parseAge(text: string, option = '--older-than'): number {
  const days = /^(\d+(?:\.\d+)?)d$/.exec(text.trim());
  return days ? Number(days[1]) * 86_400_000 : parseDuration(text, option);
}
