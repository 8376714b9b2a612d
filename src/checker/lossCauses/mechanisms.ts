/**
 * The mechanisms, each a test of one lost write (the node that acknowledged it, and when)
 * against the run's evidence: the fault it belongs to when it fits, else undefined.
 */
import type { LossCause } from './lossCause.js';
import type { FaultEvidence, LossEvidence } from './evidence.js';
import { downAfter, nodeDowns, type NodeDown } from './nodeDowns.js';

export interface Fit {
  /** The fault the loss belongs to (index into `results.faults`), when one does. */
  faultIndex?: number;
  /** The down, failover or cut the write fell to: the group's key beside node and fault. */
  event: number;
}

export type Mechanism = (node: string | undefined, ack: number) => Fit | undefined;

/** RDB's save time has a second's resolution and a snapshot holds what was there at its fork. */
const SAVE_SLACK_NS = 1.5e9;
/**
 * `appendfsync everysec`: an acknowledged write may wait a second for its fsync, and Redis
 * postpones the AOF write itself up to two more while an fsync is still running.
 */
const EVERYSEC_TAIL_NS = 3e9;

/** A primary change that took `node` out of the primary role, or put it back. */
interface RoleEvent {
  time: number;
  away: boolean;
  /** Index into the evidence's failovers (-1: an observed role change). */
  failover: number;
}

/**
 * The five mechanisms of `LOSS_CAUSES`, built once per run. Called for every lost write (tens
 * of millions in a long run), they allocate nothing per call: each down, cut and role change
 * has one `Fit`, made the first time a write falls to it.
 */
export function mechanisms(
  e: LossEvidence,
): Record<Exclude<LossCause, 'unexplained'>, Mechanism> & { downs: Map<string, NodeDown[]> } {
  const downs = nodeDowns(e);
  const fits = new Map<object, Fit>();
  const fitOf = (key: object, make: () => Fit): Fit => {
    let fit = fits.get(key);
    if (fit === undefined) fits.set(key, (fit = make()));
    return fit;
  };
  const downFit = (d: NodeDown): Fit =>
    fitOf(d, () => ({ faultIndex: d.faultIndex, event: d.faultIndex }));

  const roleEvents = new Map<string, RoleEvent[]>();
  const push = (node: string, ev: RoleEvent): void => {
    const list = roleEvents.get(node) ?? [];
    list.push(ev);
    roleEvents.set(node, list);
  };
  e.failovers.forEach((fo, i) => {
    if (fo.from !== undefined) push(fo.from, { time: fo.time, away: true, failover: i });
    push(fo.to, { time: fo.time, away: false, failover: i });
  });
  for (const r of e.observed?.roles ?? []) {
    push(r.node, { time: r.time, away: r.role === 'replica', failover: -1 });
  }
  for (const list of roleEvents.values()) list.sort((a, b) => a.time - b.time);

  const aofEverysec = e.persistence === 'aof-everysec' || e.persistence === 'rdb+aof';
  const partitions: FaultEvidence[] = e.faults.filter(
    (f) => f.minority !== undefined && f.minority.length > 0,
  );

  return {
    downs,
    'power-loss': (node, ack) => {
      if (node === undefined) return undefined;
      const d = downAfter(downs.get(node), ack);
      if (!d || d.kind !== 'power-loss' || d.replacedBy !== undefined) return undefined;
      if (ack > d.killAt) return undefined;
      // everysec: what the last second's fsync (or a write postponed behind it) had not made
      // durable; otherwise only bytes the cut actually dropped explain a loss.
      if (aofEverysec && d.killAt - ack <= EVERYSEC_TAIL_NS) return downFit(d);
      return d.dropped === undefined || d.dropped > 0 ? downFit(d) : undefined;
    },
    wiped: (node, ack) => {
      if (node === undefined) return undefined;
      const d = downAfter(downs.get(node), ack);
      if (!d || !d.empty || d.replacedBy !== undefined) return undefined;
      return ack <= d.killAt ? downFit(d) : undefined;
    },
    'older-snapshot': (node, ack) => {
      if (node === undefined) return undefined;
      const d = downAfter(downs.get(node), ack);
      if (!d || d.empty || !d.loadsRdb || d.replacedBy !== undefined) return undefined;
      if (ack > d.killAt) return undefined;
      if (d.lastSave !== undefined && ack < d.lastSave - SAVE_SLACK_NS) return undefined;
      return downFit(d);
    },
    'cluster-minority': (node, ack) => {
      if (node === undefined || e.topology !== 'cluster') return undefined;
      const f = partitions.find(
        (p) => p.minority?.includes(node) === true && ack >= p.start && ack <= (p.end ?? Infinity),
      );
      return f ? fitOf(f, () => ({ faultIndex: f.index, event: f.index })) : undefined;
    },
    failover: (node, ack) => {
      if (node === undefined) return undefined;
      const events = roleEvents.get(node);
      if (events === undefined) return undefined;
      // Written while already replaced (a stale primary), or replaced later (not yet replicated).
      let before: RoleEvent | undefined;
      for (let i = events.length - 1; i >= 0 && before === undefined; i--) {
        const ev = events[i] as RoleEvent;
        if (ev.time < ack && ev.failover >= 0) before = ev;
      }
      let away = before?.away === true ? before : undefined;
      if (away === undefined) {
        const after = events.find((ev) => ev.time >= ack);
        if (after?.away === true) away = after;
      }
      if (away === undefined) return undefined;
      const a = away;
      return fitOf(a, () => {
        const fo = a.failover >= 0 ? e.failovers[a.failover] : undefined;
        const fault = faultBefore(e.faults, fo?.time ?? a.time, node);
        return {
          ...(fault === undefined ? {} : { faultIndex: fault.index }),
          event: a.failover >= 0 ? a.failover : -1 - Math.round(a.time / 1e6),
        };
      });
    },
  };
}

/**
 * The fault a failover at `at` followed: the last one that started before it, preferring
 * one that acted on `node`.
 */
export function faultBefore(
  faults: readonly FaultEvidence[],
  at: number,
  node: string,
): FaultEvidence | undefined {
  const before = faults.filter((f) => f.start <= at && f.fault !== 'failover');
  const manual = faults.filter((f) => f.fault === 'failover' && f.start <= at);
  const onNode = before.filter((f) => f.nodes.includes(node) || f.minority?.includes(node));
  const pick = (fs: readonly FaultEvidence[]): FaultEvidence | undefined =>
    fs.reduce<FaultEvidence | undefined>(
      (b, f) => (b === undefined || f.start > b.start ? f : b),
      undefined,
    );
  return pick(manual.filter((f) => at - f.start < 30e9)) ?? pick(onNode) ?? pick(before);
}
