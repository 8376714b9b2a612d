/**
 * Each time a node's redis-server went down (a kill or a power loss) and what it came back
 * with: the interval of writes it could lose, whether it restarted empty, whether another node
 * replaced it meanwhile, and its last RDB save before going down.
 */
import type { LossEvidence } from './evidence.js';

export interface NodeDown {
  faultIndex: number;
  kind: 'kill' | 'power-loss';
  node: string;
  /** When the server died. */
  killAt: number;
  /** When it was started again (Infinity: not within the run). */
  restartAt: number;
  /** When it last came up before this down (-Infinity: at the start). */
  prevUp: number;
  /** Bytes a power loss dropped (undefined: not recorded, or a kill). */
  dropped?: number;
  /** Whether it restarted with an empty dataset: observed keys, else inferred from persistence `none`. */
  empty: boolean;
  /** How `empty` is known. */
  emptyFrom: 'observed' | 'persistence' | 'none';
  keysBefore: number | null;
  /** Another node became primary in its place before it came back (Sentinel, Cluster). */
  replacedBy?: string;
  /** Its last RDB save before the kill (ns), when the observer saw one. */
  lastSave?: number;
  /** Whether it loads its data from an RDB file (RDB save points and no AOF). */
  loadsRdb: boolean;
}

const DOWN_FAULTS = new Set(['kill', 'power-loss']);
/** How long after the restart the observer may take to see the new run id. */
const RESTART_SEEN_NS = 5e9;
/** A failover this soon after the restart still took the node's place (Sentinel's down-after). */
const REPLACED_NS = 10e9;

/** The downs of every node, each node's in time order. */
export function nodeDowns(e: LossEvidence): Map<string, NodeDown[]> {
  const out = new Map<string, NodeDown[]>();
  const faults = [...e.faults].sort((a, b) => a.start - b.start);
  for (const f of faults) {
    if (!DOWN_FAULTS.has(f.fault)) continue;
    for (const node of f.nodes) {
      const killAt = f.killedAt?.[node] ?? f.start;
      const restartAt = f.end ?? Infinity;
      const list = out.get(node) ?? [];
      const prev = list[list.length - 1];
      const seen = e.observed?.restarts.find(
        (r) => r.node === node && r.time >= killAt && r.time <= restartAt + RESTART_SEEN_NS,
      );
      // The probe's own keys (one per client zone at most) may already be back: still empty.
      const observedEmpty =
        seen?.keys === null || seen === undefined
          ? undefined
          : seen.keys <= (e.probeKeysPerNode ?? 0);
      const persisted = persistenceOf(e, node);
      const empty = observedEmpty ?? (persisted.aof === false && persisted.rdb === false);
      const replaced = e.failovers.find(
        (fo) => fo.from === node && fo.time >= killAt && fo.time <= restartAt + REPLACED_NS,
      );
      const saves = (e.observed?.saves ?? []).filter((s) => s.node === node && s.time <= killAt);
      const down: NodeDown = {
        faultIndex: f.index,
        kind: f.fault as NodeDown['kind'],
        node,
        killAt,
        restartAt,
        prevUp: prev ? prev.restartAt : -Infinity,
        empty,
        emptyFrom:
          observedEmpty !== undefined ? 'observed' : persisted.known ? 'persistence' : 'none',
        keysBefore: seen?.keysBefore ?? null,
        loadsRdb: persisted.rdb && !persisted.aof,
        ...(f.dropped?.[node] === undefined ? {} : { dropped: f.dropped[node] }),
        ...(replaced === undefined ? {} : { replacedBy: replaced.to }),
        ...(saves.length === 0 ? {} : { lastSave: Math.max(...saves.map((s) => s.time)) }),
      };
      list.push(down);
      out.set(node, list);
    }
  }
  return out;
}

/** The down whose window holds `ack`: the node was up since its last restart and went down after. */
export function downAfter(
  downs: readonly NodeDown[] | undefined,
  ack: number,
): NodeDown | undefined {
  if (downs === undefined) return undefined;
  for (const d of downs) {
    if (ack > d.prevUp && ack <= d.restartAt) return d;
  }
  return undefined;
}

/** Whether a node keeps its data in an AOF and/or RDB: observed by INFO, else from the preset. */
function persistenceOf(
  e: LossEvidence,
  node: string,
): { aof: boolean; rdb: boolean; known: boolean } {
  const seen = e.observed?.persistence.find((p) => p.node === node);
  if (seen) return { aof: seen.aof, rdb: seen.rdb, known: true };
  const p = e.persistence;
  return { aof: p.includes('aof'), rdb: p.includes('rdb'), known: p !== '' };
}
