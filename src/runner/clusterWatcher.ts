import type { ClusterView, Deployment } from '../cluster/types.js';

/** A shard's primary as the watcher saw it change. */
export interface ShardFailover {
  /** ns since the run started, when the change was first seen. */
  time: number;
  shard: string;
  from?: string;
  to: string;
}

/** A node's `cluster_state` as the watcher saw it change (`ok`, `fail`, `down`). */
export interface ClusterStateChange {
  time: number;
  node: string;
  state: string;
}

/** A shard's nodes, primary and slots at one moment. */
export interface ShardSnapshot {
  shard: string;
  nodes: string[];
  primary?: string;
  slots: [number, number][];
}

export interface ClusterObservations {
  shardsBefore: ShardSnapshot[];
  shardsAfter: ShardSnapshot[];
  failovers: ShardFailover[];
  states: ClusterStateChange[];
}

export interface ClusterWatcher {
  /** Stop polling; resolves to what was seen. Idempotent. */
  stop(): Promise<ClusterObservations>;
}

function snapshot(view: ClusterView): ShardSnapshot[] {
  return view.shards.map((s) => ({
    shard: s.shard,
    nodes: [...s.nodes],
    ...(s.primary === undefined ? {} : { primary: s.primary }),
    slots: s.slots.map(([a, b]) => [a, b] as [number, number]),
  }));
}

/**
 * Poll the cluster's view of itself (every node asked over loopback, so a partition hides
 * nothing) and record each shard's primary changes and each node's `cluster_state` changes:
 * when a shard failed over, and when each side saw the cluster fail and recover. A poll that
 * errs is skipped, never retried in a loop.
 */
export function watchCluster(
  deployment: Deployment,
  now: () => number,
  log: (line: string) => void,
  intervalMs = 500,
): ClusterWatcher {
  const out: ClusterObservations = { shardsBefore: [], shardsAfter: [], failovers: [], states: [] };
  const primaries = new Map<string, string | undefined>();
  const states = new Map<string, string>();
  let stopped = false;
  let wake: (() => void) | undefined;
  const look = async (): Promise<ClusterView | undefined> =>
    deployment.clusterView?.().catch(() => undefined);

  const observe = (view: ClusterView, time: number): void => {
    for (const s of view.shards) {
      const before = primaries.get(s.shard);
      if (primaries.has(s.shard) && s.primary !== undefined && s.primary !== before) {
        out.failovers.push({
          time,
          shard: s.shard,
          ...(before === undefined ? {} : { from: before }),
          to: s.primary,
        });
        log(`[cluster] ${s.shard}: primary ${before ?? '?'} -> ${s.primary}`);
      }
      if (s.primary !== undefined || !primaries.has(s.shard)) primaries.set(s.shard, s.primary);
    }
    for (const [node, state] of Object.entries(view.states)) {
      if (states.get(node) === state) continue;
      if (states.has(node)) log(`[cluster] ${node}: cluster_state ${state}`);
      states.set(node, state);
      out.states.push({ time, node, state });
    }
  };

  const loop = (async () => {
    const first = await look();
    if (first) {
      out.shardsBefore = snapshot(first);
      observe(first, now());
    }
    while (!stopped) {
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, intervalMs);
        wake = () => {
          clearTimeout(t);
          resolve();
        };
      });
      if (stopped) break;
      const time = now();
      const view = await look();
      if (view) observe(view, time);
    }
  })();

  let result: Promise<ClusterObservations> | undefined;
  return {
    stop() {
      result ??= (async () => {
        stopped = true;
        wake?.();
        await loop;
        const last = await look();
        if (last) {
          observe(last, now());
          out.shardsAfter = snapshot(last);
        }
        return out;
      })();
      return result;
    },
  };
}
