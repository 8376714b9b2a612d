/**
 * One sentence per group of lost writes, from the evidence its mechanism rests on: "n1 kept
 * acknowledging for 9.6 s after Sentinel promoted n3; when the partition healed n1 became a
 * replica and a full resync from n3 discarded 245,566 writes".
 */
import type { LossEvidence, Resync } from './evidence.js';
import type { LossCauseGroup } from './lossCausesResult.js';
import type { Fit } from './mechanisms.js';
import type { NodeDown } from './nodeDowns.js';

type GroupBase = Omit<LossCauseGroup, 'sentence' | 'evidence'>;
type Evidence = LossCauseGroup['evidence'];

function s(ns: number): string {
  const x = ns / 1e9;
  return `${x < 10 ? x.toFixed(2) : x.toFixed(1)} s`;
}

function at(ns: number): string {
  return `t = ${(ns / 1e9).toFixed(1)} s`;
}

function n(count: number): string {
  return count.toLocaleString('en-US');
}

function writes(count: number): string {
  return `${n(count)} write${count === 1 ? '' : 's'}`;
}

/** The sentence and evidence of one group. */
export function describeGroup(
  g: GroupBase,
  fit: Fit | undefined,
  e: LossEvidence,
  downs: ReadonlyMap<string, readonly NodeDown[]>,
): { sentence: string; evidence: Evidence } {
  const node = g.node ?? 'an unnamed node';
  const down = (downs.get(g.node ?? '') ?? []).find((d) => d.faultIndex === fit?.faultIndex);
  switch (g.cause) {
    case 'power-loss':
      return powerLoss(g, node, down);
    case 'wiped':
      return wiped(g, node, down, e);
    case 'older-snapshot':
      return olderSnapshot(g, node, down);
    case 'cluster-minority':
      return minority(g, node, e);
    case 'failover':
      return failover(g, node, fit, e);
    case 'unexplained':
      return {
        sentence: `${writes(g.count)} acknowledged by ${node} between ${at(g.firstAck)} and ${at(g.lastAck)} fit no mechanism: no failover, restart, power loss or partition of ${node} explains them`,
        evidence: {},
      };
  }
}

function powerLoss(
  g: GroupBase,
  node: string,
  d: NodeDown | undefined,
): ReturnType<typeof describeGroup> {
  if (!d) return { sentence: `${writes(g.count)} lost to a power loss of ${node}`, evidence: {} };
  const tail = d.killAt - g.firstAck;
  const dropped = d.dropped === undefined ? 'the bytes' : `${n(d.dropped)} bytes`;
  return {
    sentence:
      d.dropped === 0
        ? `a power loss of ${node} at ${at(d.killAt)} dropped no byte (everything written was fsynced), but the ${writes(g.count)} ${node} acknowledged in the ${s(tail)} before it were not yet written to the AOF (everysec writes and fsyncs about once a second) and were lost`
        : `a power loss of ${node} at ${at(d.killAt)} dropped ${dropped} no fsync had covered; the ${writes(g.count)} ${node} acknowledged in the ${s(tail)} before it were lost`,
    evidence: {
      killedAt: d.killAt,
      ...(d.dropped === undefined ? {} : { bytesDropped: d.dropped }),
      tailMs: Math.round(tail / 1e6),
      ...(Number.isFinite(d.restartAt) ? { restartedAt: d.restartAt } : {}),
    },
  };
}

function wiped(
  g: GroupBase,
  node: string,
  d: NodeDown | undefined,
  e: LossEvidence,
): ReturnType<typeof describeGroup> {
  if (!d) return { sentence: `${writes(g.count)} wiped by an empty ${node}`, evidence: {} };
  const full = resyncsFrom(e, node, d.killAt);
  const how =
    d.emptyFrom === 'observed'
      ? `with 0 keys${d.keysBefore === null ? '' : ` (it held ${n(d.keysBefore)} before)`}`
      : 'empty (no persistence)';
  const replicas =
    full.length > 0
      ? `; its replicas resynced from it (${full.length} ${full[0]?.kind ?? 'full'} resync${full.length === 1 ? '' : 's'}) and were wiped`
      : e.nodes.length > 1 && e.topology !== 'standalone'
        ? '; its replicas followed it'
        : '';
  return {
    sentence: `${node} was killed at ${at(d.killAt)} and restarted ${how}${replicas}: the ${writes(g.count)} acknowledged before were gone`,
    evidence: {
      killedAt: d.killAt,
      ...(Number.isFinite(d.restartAt) ? { restartedAt: d.restartAt } : {}),
      emptyFrom: d.emptyFrom,
      ...(d.keysBefore === null ? {} : { keysBefore: d.keysBefore }),
      resyncs: full.length,
      ...(full[0] === undefined ? {} : { resyncKind: full[0].kind }),
    },
  };
}

function olderSnapshot(
  g: GroupBase,
  node: string,
  d: NodeDown | undefined,
): ReturnType<typeof describeGroup> {
  if (!d)
    return {
      sentence: `${writes(g.count)} lost when ${node} restarted from an older snapshot`,
      evidence: {},
    };
  const since = d.lastSave === undefined ? undefined : d.killAt - d.lastSave;
  return {
    sentence:
      d.lastSave === undefined
        ? `${node} was killed at ${at(d.killAt)} and restarted from an RDB snapshot older than the run's writes (no save was seen): the ${writes(g.count)} acknowledged before were lost`
        : `${node} was killed at ${at(d.killAt)} and restarted from its RDB snapshot of ${at(d.lastSave)}; the ${writes(g.count)} acknowledged in the ${s(since ?? 0)} between were lost`,
    evidence: {
      killedAt: d.killAt,
      ...(d.lastSave === undefined
        ? {}
        : { lastSaveAt: d.lastSave, sinceSaveMs: Math.round((since ?? 0) / 1e6) }),
      ...(Number.isFinite(d.restartAt) ? { restartedAt: d.restartAt } : {}),
    },
  };
}

function minority(g: GroupBase, node: string, e: LossEvidence): ReturnType<typeof describeGroup> {
  const cut = g.fault?.start ?? g.firstAck;
  const kept = g.lastAck - cut;
  const fo = e.failovers.find((f) => f.from === node && f.time >= cut);
  const timeout = e.clusterNodeTimeoutMs;
  const probedCut = (e.minorityAck ?? []).find((c) => c.fault === g.fault?.index);
  const probed = probedCut?.nodes.find((x) => x.node === g.node);
  const whole =
    probedCut?.cutMs === undefined || probedCut.cutMs <= 0 || probed === undefined
      ? ''
      : ` (${s(Math.max(0, probed.ackMs - probedCut.cutMs) * 1e6)} after the cut's last rule, ${n(probedCut.cutMs)} ms after its first)`;
  const probe =
    probed === undefined
      ? ''
      : `; the probe saw it acknowledge for ${s(probed.ackMs * 1e6)} after the cut${whole}${probed.refusedAt === undefined ? '' : `, then refuse writes from ${at(probed.refusedAt)}`}`;
  return {
    sentence: `${node} was cut off from the cluster majority at ${at(cut)} and kept acknowledging for ${s(kept)}${timeout === undefined ? '' : ` (cluster-node-timeout ${n(timeout)} ms)`}${probe}${fo ? `; ${fo.to} took over its shard at ${at(fo.time)}` : ''} and the ${writes(g.count)} were lost when it rejoined`,
    evidence: {
      cutAt: cut,
      lastAckAt: g.lastAck,
      ackedAfterCutMs: Math.round(kept / 1e6),
      ...(probed === undefined ? {} : { minorityAckMs: probed.ackMs }),
      ...(probedCut?.cutMs === undefined ? {} : { cutMs: probedCut.cutMs }),
      ...(probed?.lastAck === undefined ? {} : { probeLastAckAt: probed.lastAck }),
      ...(probed?.refusedAt === undefined ? {} : { probeRefusedAt: probed.refusedAt }),
      ...(timeout === undefined ? {} : { clusterNodeTimeoutMs: timeout }),
      ...(fo === undefined ? {} : { failoverAt: fo.time, promoted: fo.to }),
    },
  };
}

function failover(
  g: GroupBase,
  node: string,
  fit: Fit | undefined,
  e: LossEvidence,
): ReturnType<typeof describeGroup> {
  const fo = fit !== undefined && fit.event >= 0 ? e.failovers[fit.event] : undefined;
  const by =
    e.topology === 'sentinel'
      ? 'Sentinel'
      : e.topology === 'cluster'
        ? 'the cluster'
        : 'a failover';
  const demoted = (e.observed?.roles ?? []).find(
    (r) => r.node === g.node && r.role === 'replica' && r.time >= (fo?.time ?? g.firstAck),
  );
  const resyncs = fo === undefined ? [] : resyncsFrom(e, fo.to, fo.time);
  const first =
    fo === undefined
      ? `${node} was demoted${demoted ? ` at ${at(demoted.time)}` : ''}`
      : g.lastAck > fo.time
        ? `${node} kept acknowledging for ${s(g.lastAck - fo.time)} after ${by} promoted ${fo.to} at ${at(fo.time)}`
        : `${node} acknowledged them in the ${s(fo.time - g.firstAck)} before ${by} promoted ${fo.to} at ${at(fo.time)}, and had not yet replicated them`;
  const heal =
    g.fault?.end !== undefined && g.fault.fault === 'partition' ? 'when the partition healed ' : '';
  const second = demoted
    ? `; ${heal}${node} became a replica${demoted.primary ? ` of ${demoted.primary}` : ''}${resyncs.length > 0 ? ` and a ${resyncs[0]?.kind ?? 'full'} resync${fo ? ` from ${fo.to}` : ''} discarded ${writes(g.count)}` : ` and ${writes(g.count)} were discarded`}`
    : `; ${writes(g.count)} were discarded when it rejoined as a replica`;
  return {
    sentence: first + second,
    evidence: {
      ...(fo === undefined ? {} : { failoverAt: fo.time, promoted: fo.to }),
      ...(demoted === undefined ? {} : { demotedAt: demoted.time }),
      ...(demoted?.offset === undefined ? {} : { offsetAtDemotion: demoted.offset }),
      ...(resyncs[0] === undefined
        ? {}
        : { resyncKind: resyncs[0].kind, resyncAt: resyncs[0].time }),
      ...(resyncs[0]?.offset === undefined ? {} : { resyncOffset: resyncs[0].offset }),
    },
  };
}

function resyncsFrom(e: LossEvidence, primary: string, after: number): Resync[] {
  return (e.observed?.resyncs ?? []).filter((r) => r.primary === primary && r.time >= after);
}
