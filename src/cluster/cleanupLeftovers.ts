import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { hostname } from 'node:os';
import type Docker from 'dockerode';
import { deleteLink, redcheckLinks } from './hostNetwork.js';
import { OWNER_LABEL, RUN_LABEL, labelFilter } from './labels.js';

/** At most this many listing passes; each after the first waits PASS_GAP_MS. */
const CLEANUP_PASSES = 4;
const PASS_GAP_MS = 300;

export interface CleanupOptions {
  /** Only this run's objects; default every run's. */
  runId?: string;
  /** Also remove runs whose owning process is still alive (default: spare them). */
  all?: boolean;
  /** Progress lines; default silent. */
  log?: (line: string) => void;
  /**
   * Also remove `rc-*` host bridges no Docker network owns (default true). False for an engine
   * on another machine (`cleanup --engines`): this host's bridges are not its own.
   */
  hostBridges?: boolean;
}

export interface CleanupReport {
  /** What was removed: `container rc-1234abcd-n1 (run X)`, `network ...`, `bridge ...`. */
  removed: string[];
  /** Runs left alone because their process is alive: `run X (pid 123)`. */
  spared: string[];
}

/** Whether `owner` (`host:pid`) names a live node process on this host other than us. */
export function ownerAlive(owner: string | undefined): number | undefined {
  if (!owner) return undefined;
  const i = owner.lastIndexOf(':');
  const host = owner.slice(0, i);
  const pid = Number(owner.slice(i + 1));
  if (host !== hostname() || !Number.isInteger(pid) || pid === process.pid) return undefined;
  try {
    const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    return /node|tsx|redcheck/.test(cmd) ? pid : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Remove what runs left behind: containers and networks carrying the run label (those of a
 * process that is still alive only with `all`), then any `rc-*` host bridge that no Docker
 * network owns (with its addresses). Never throws for an object that vanished meanwhile.
 */
export async function cleanupLeftovers(
  docker: Docker,
  o: CleanupOptions = {},
): Promise<CleanupReport> {
  const log = o.log ?? (() => undefined);
  const removed: string[] = [];
  const spared = new Map<string, number>();
  const filter = labelFilter(o.runId);
  const keep = (run: string, owner: string | undefined): boolean => {
    if (o.all) return false;
    const pid = ownerAlive(owner);
    if (pid !== undefined) spared.set(run, pid);
    return pid !== undefined;
  };

  // A run killed while Docker was still creating one of its containers (helpers are created in
  // the background) leaves a request the engine finishes after our first listing: pass again,
  // a little later, until a pass finds nothing more to remove.
  for (let pass = 0; pass < CLEANUP_PASSES; pass++) {
    if (pass > 0) await sleep(PASS_GAP_MS);
    const before = removed.length;
    await removeLabelled(docker, filter, keep, removed, log);
    if (removed.length === before) break;
  }

  if (!o.runId && o.hostBridges !== false) {
    const owned = new Set(
      (await docker.listNetworks()).map((n) => n.Options?.['com.docker.network.bridge.name'] ?? ''),
    );
    for (const link of await redcheckLinks()) {
      if (owned.has(link)) continue;
      await deleteLink(link);
      removed.push(`bridge ${link} (no Docker network owns it)`);
      log(`[cleanup] removed host bridge ${link} and its addresses`);
    }
  }
  return {
    removed,
    spared: [...spared].map(([run, pid]) => `run ${run} (pid ${pid} is alive)`),
  };
}

/** Remove the containers, then the networks, carrying `filter`'s label that `keep` spares not. */
async function removeLabelled(
  docker: Docker,
  filter: { label: string[] },
  keep: (run: string, owner: string | undefined) => boolean,
  removed: string[],
  log: (line: string) => void,
): Promise<void> {
  const containers = await docker.listContainers({ all: true, filters: filter });
  await Promise.all(
    containers.map(async (c) => {
      const run = c.Labels[RUN_LABEL] ?? '?';
      if (keep(run, c.Labels[OWNER_LABEL])) return;
      const name = (c.Names[0] ?? c.Id).replace(/^\//, '');
      try {
        await docker.getContainer(c.Id).remove({ force: true, v: true });
        removed.push(`container ${name} (run ${run})`);
        log(`[cleanup] removed container ${name} (run ${run})`);
      } catch {
        /* vanished meanwhile */
      }
    }),
  );

  const networks = await docker.listNetworks({ filters: filter });
  for (const n of networks) {
    const run = n.Labels?.[RUN_LABEL] ?? '?';
    if (keep(run, n.Labels?.[OWNER_LABEL])) continue;
    try {
      await docker.getNetwork(n.Id).remove();
      removed.push(`network ${n.Name} (run ${run})`);
      log(`[cleanup] removed network ${n.Name} (run ${run})`);
    } catch {
      /* vanished meanwhile, or still in use by a container of a spared run */
    }
  }
}
