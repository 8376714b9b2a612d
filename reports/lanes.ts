import type { PartitionResult } from '../src/checker/linearizability/index.js';
import type { CappedPartition } from '../src/checker/linearizability/runResult.js';
import type { Validity } from '../src/checker/verdict.js';
import { isClientOp, type Op } from '../src/history/op.js';
import { OpPairer } from '../src/history/pairOps.js';
import { opText } from './analyzeHistory.js';
import type { LaneOp, LanesData } from './pageData.js';

/** The evidence of one partition (key) of a linearizability check, as the lanes draw it. */
export interface PartitionEvidence {
  key?: string;
  valid: Validity;
  /** The longest linearizable prefix found: history indices of invokes, in linearization order. */
  prefix: readonly number[];
  /** Invoke indices of the ops that could not be placed after the prefix. */
  unplaced: readonly number[];
  /** The model state after the prefix. */
  state?: string;
  /** The checker's own description of each unplaced op. */
  unplacedText?: string[];
}

/** A linearizability result as checked (`LinearizabilityResult`) or as stored (capped). */
export interface LinearizabilityPartitions {
  readonly partitions: readonly (PartitionResult | CappedPartition)[];
}

/** The per-partition evidence of a linearizability result ([] for none). */
export function partitionEvidence(
  result: LinearizabilityPartitions | undefined,
): PartitionEvidence[] {
  return (result?.partitions ?? []).map((p): PartitionEvidence => {
    const ev = p.evidence;
    const out: PartitionEvidence = {
      valid: p.valid,
      prefix: ev?.longestPrefixes[0] ?? [],
      unplaced: ev?.stuck.map((s) => s.index) ?? [],
    };
    if (p.key !== '') out.key = p.key;
    if (ev) {
      out.state = ev.state;
      const texts = ev.stuck.map((s) => `#${s.index} ${s.op} (${s.why})`);
      if (texts.length > 0) {
        out.unplacedText =
          ev.stuckOmitted > 0 ? [...texts, `... and ${ev.stuckOmitted} more`] : texts;
      }
    }
    return out;
  });
}

function stateText(v: string | undefined): string {
  return v ?? '(not given)';
}

/**
 * Porcupine-style lanes for one partition: the partition's ops (fail ops never happened and
 * are left out) on a compact axis of event positions, one lane per process, numbered in the
 * order of the longest linearizable prefix, the unplaceable ops marked. At most `cap` ops,
 * centred on the first unplaceable one.
 */
export function lanesFor(
  source: string,
  history: readonly Op[],
  evidence: PartitionEvidence,
  cap = 2000,
): LanesData {
  const client = history.filter(isClientOp);
  const keyed =
    evidence.key === undefined ? client : client.filter((op) => op.key === evidence.key);
  // A partition key the ops do not carry (e.g. inside the value): draw the whole history.
  const ops = keyed.length > 0 ? keyed : client;
  // Positions are ranks in `ops`: the lanes' compact axis.
  const done: { invoke: Op; end?: Op; s: number; e: number }[] = [];
  const pairer = new OpPairer((invoke, end, s, e) => {
    if (end === undefined) done.push({ invoke, s, e });
    else if (end.type !== 'fail') done.push({ invoke, end, s, e });
  });
  for (const op of ops) pairer.push(op);
  pairer.finish();
  done.sort((a, b) => a.s - b.s);

  const order = new Map(evidence.prefix.map((idx, k) => [idx, k + 1]));
  const bad = new Set(evidence.unplaced);
  let from = 0;
  if (done.length > cap) {
    const firstBad = done.findIndex((d) => bad.has(d.invoke.index));
    const centre = firstBad >= 0 ? firstBad : 0;
    from = Math.max(0, Math.min(done.length - cap, centre - Math.floor(cap / 2)));
  }
  const shown = done.slice(from, from + cap);
  const lanes = [...new Set(shown.map((d) => d.invoke.process))].sort(
    (a, b) => Number(a) - Number(b),
  );
  const lane = new Map(lanes.map((p, i) => [p, i]));
  const base = shown[0]?.s ?? 0;
  const laneOps: LaneOp[] = shown.map((d) => {
    const k = order.get(d.invoke.index) ?? 0;
    const isBad = bad.has(d.invoke.index);
    const note = isBad
      ? '\ncould not be placed after the longest linearizable prefix'
      : k > 0
        ? `\nlinearized as #${k} of the longest prefix`
        : '';
    return {
      l: lane.get(d.invoke.process) ?? 0,
      s: d.s - base,
      e: d.e - base,
      order: k,
      bad: isBad,
      text: opText(d.invoke, d.end) + note,
    };
  });
  const unplaced =
    evidence.unplacedText ??
    done
      .filter((d) => bad.has(d.invoke.index))
      .map((d) => opText(d.invoke, d.end).replace(/\n/g, '; '));
  return {
    source,
    key: evidence.key ?? '(whole history)',
    valid: evidence.valid,
    lanes: lanes.map((p) => `process ${p}`),
    ops: laneOps,
    total: done.length,
    prefixLength: evidence.prefix.length,
    state: stateText(evidence.state),
    unplaced,
  };
}
