/**
 * The loss-cause pass: after the checkers, every lost write is given one cause (the first of
 * `LOSS_CAUSES` whose mechanism fits it), with the other fitting causes counted beside it,
 * and grouped by cause, node and the fault or failover it fell to. Pure: lost writes and
 * evidence in, result out; no Docker, no Redis.
 */
import type { LossEvidence } from './evidence.js';
import { LOSS_CAUSES, LOSS_CAUSES_SHOWN, type LossCause } from './lossCause.js';
import type { LossCauseGroup, LossCausesResult } from './lossCausesResult.js';
import { UNKNOWN_NODE, type LostWriteColumns } from '../setStream/lostWriteColumns.js';
import { mechanisms, type Fit } from './mechanisms.js';
import { describeGroup } from './describeGroup.js';
import { sampleEvenly } from './sampleEvenly.js';

export interface ExplainOptions {
  /** Time buckets of the strip over the run. Default 120. */
  buckets?: number;
  /** Lost writes listed per cause, evenly across the loss. Default 200. */
  samplesPerCause?: number;
}

interface Acc {
  cause: LossCause;
  node: string | undefined;
  fit: Fit | undefined;
  count: number;
  firstAck: number;
  lastAck: number;
  alsoFits: Map<LossCause, number>;
}

const FITTING = LOSS_CAUSES.filter(
  (c): c is Exclude<LossCause, 'unexplained'> => c !== 'unexplained',
);
const CAUSE_INDEX = Object.fromEntries(LOSS_CAUSES.map((c, i) => [c, i])) as Record<
  LossCause,
  number
>;

/** Give every lost write in `lost` one cause. */
export function explainLosses(
  lost: LostWriteColumns,
  e: LossEvidence,
  o: ExplainOptions = {},
): LossCausesResult {
  const m = mechanisms(e);
  const counts = Object.fromEntries(LOSS_CAUSES.map((c) => [c, 0])) as Record<LossCause, number>;
  const byNode: Record<string, number> = {};
  // Groups by cause, node and event (nested, no key string a write), in the order first seen.
  const groups = new Map<LossCause, Map<string, Map<number | undefined, Acc>>>();
  const order: Acc[] = [];
  const causeOf = new Uint8Array(lost.count);
  let firstAck = Infinity;
  let lastAck = -Infinity;
  for (let i = 0; i < lost.count; i++) {
    const ack = lost.ackTimeAt(i);
    const node = nodeOf(lost, i);
    if (ack < firstAck) firstAck = ack;
    if (ack > lastAck) lastAck = ack;
    const nodeKey = node ?? 'unknown';
    byNode[nodeKey] = (byNode[nodeKey] ?? 0) + 1;
    // The first mechanism that fits is the cause; the later ones that fit are counted beside.
    let cause: LossCause = 'unexplained';
    let fit: Fit | undefined;
    let k = 0;
    for (; k < FITTING.length && fit === undefined; k++) {
      const c = FITTING[k] as (typeof FITTING)[number];
      fit = m[c](node, ack);
      if (fit !== undefined) cause = c;
    }
    counts[cause]++;
    causeOf[i] = CAUSE_INDEX[cause];
    let byNodeOf = groups.get(cause);
    if (byNodeOf === undefined)
      groups.set(cause, (byNodeOf = new Map<string, Map<number | undefined, Acc>>()));
    let byEvent = byNodeOf.get(nodeKey);
    if (byEvent === undefined)
      byNodeOf.set(nodeKey, (byEvent = new Map<number | undefined, Acc>()));
    let g = byEvent.get(fit?.event);
    if (g === undefined) {
      g = { cause, node, fit, count: 0, firstAck: ack, lastAck: ack, alsoFits: new Map() };
      byEvent.set(fit?.event, g);
      order.push(g);
    }
    g.count++;
    if (ack < g.firstAck) g.firstAck = ack;
    if (ack > g.lastAck) g.lastAck = ack;
    for (; k < FITTING.length; k++) {
      const c = FITTING[k] as (typeof FITTING)[number];
      if (m[c](node, ack) !== undefined) g.alsoFits.set(c, (g.alsoFits.get(c) ?? 0) + 1);
    }
  }
  const endNs = Math.max(e.endNs ?? 0, lost.count > 0 ? lastAck : 0, 1);
  const bucketCount = Math.max(1, o.buckets ?? 120);
  const widthNs = endNs / bucketCount;
  const buckets: Partial<Record<LossCause, number[]>> = {};
  for (let i = 0; i < lost.count; i++) {
    const cause = LOSS_CAUSES[causeOf[i] as number] as LossCause;
    const b = Math.min(bucketCount - 1, Math.max(0, Math.floor(lost.ackTimeAt(i) / widthNs)));
    const arr = (buckets[cause] ??= new Array<number>(bucketCount).fill(0));
    arr[b] = (arr[b] as number) + 1;
  }
  const samplesPerCause = o.samplesPerCause ?? 200;
  const rank = (c: LossCause): number => LOSS_CAUSES_SHOWN.indexOf(c);
  const out: LossCauseGroup[] = order
    .map((g) => groupOf(g, e, m.downs))
    .sort((a, b) => rank(a.cause) - rank(b.cause) || b.count - a.count);
  const explained = lost.count - counts.unexplained;
  return {
    lost: lost.count,
    counts,
    explainedPercent: lost.count === 0 ? 100 : Math.floor((10000 * explained) / lost.count) / 100,
    groups: out,
    ...(lost.count === 0 ? {} : { firstAck, lastAck }),
    lossWindowMs: lost.count === 0 ? 0 : Math.round((lastAck - firstAck) / 1e3) / 1e3,
    byNode,
    buckets: { widthNs, endNs, counts: buckets },
    samples: sampleEvenly(lost, causeOf, samplesPerCause),
    samplesPerCause,
  };
}

function groupOf(
  g: Acc,
  e: LossEvidence,
  downs: ReturnType<typeof mechanisms>['downs'],
): LossCauseGroup {
  const f =
    g.fit?.faultIndex === undefined
      ? undefined
      : e.faults.find((x) => x.index === g.fit?.faultIndex);
  const base = {
    cause: g.cause,
    ...(g.node === undefined ? {} : { node: g.node }),
    ...(f === undefined
      ? {}
      : {
          fault: {
            index: f.index,
            fault: f.fault,
            ...(f.target === undefined ? {} : { target: f.target }),
            start: f.start,
            ...(f.end === undefined ? {} : { end: f.end }),
          },
        }),
    count: g.count,
    firstAck: g.firstAck,
    lastAck: g.lastAck,
    alsoFits: Object.fromEntries([...g.alsoFits].sort((a, b) => b[1] - a[1])),
  };
  const { sentence, evidence } = describeGroup(base, g.fit, e, downs);
  return { ...base, sentence, evidence };
}

/** The node that acknowledged lost write `i`; undefined when the history names none. */
function nodeOf(lost: LostWriteColumns, i: number): string | undefined {
  const k = lost.node[i] as number;
  return k === UNKNOWN_NODE ? undefined : lost.nodeNames[k];
}
