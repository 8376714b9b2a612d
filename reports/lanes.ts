import type { Validity } from '../src/checker/verdict.js';
import type { Op } from '../src/history/op.js';
import { opText } from './analyzeHistory.js';
import type { LaneOp, LanesData } from './pageData.js';

/**
 * The evidence a linearizability check gives for one partition (key), as the report reads it.
 * Op references are history indices (`Op.index`) of the invoke events, or objects with `index`.
 */
export interface PartitionEvidence {
  key?: string;
  valid: Validity;
  /** The longest linearizable prefix found, in linearization order. */
  prefix: number[];
  /** Ops that could not be placed after the prefix. */
  unplaced: number[];
  /** The model state after the prefix. */
  state?: unknown;
  /** The checker's own description of each unplaced op, when it gives one. */
  unplacedText?: string[];
}

type Entry = Record<string, unknown>;

function indices(v: unknown): number[] {
  if (!Array.isArray(v)) return [];
  const out: number[] = [];
  for (const x of v) {
    if (typeof x === 'number') out.push(x);
    else if (x && typeof x === 'object') {
      const o = x as Entry;
      const i = o.index ?? o.invokeIndex ?? o.id ?? (o.invoke as Entry | undefined)?.index;
      if (typeof i === 'number') out.push(i);
    }
  }
  return out;
}

function first(e: Entry, keys: string[]): unknown {
  for (const k of keys) if (e[k] !== undefined) return e[k];
  return undefined;
}

/**
 * The per-partition evidence in a linearizability result, accepting the field names a verbose
 * check may use (`partitions`/`evidence`; `longestPrefix`/`prefix`/`linearized`;
 * `unplaced`/`unplaceable`/`illegal`; `state`/`modelState`). [] when there is none.
 */
export function partitionEvidence(result: unknown): PartitionEvidence[] {
  if (!result || typeof result !== 'object') return [];
  const r = result as Entry;
  const list = first(r, ['partitions', 'evidence', 'keys']);
  const items: unknown[] = Array.isArray(list)
    ? list
    : list && typeof list === 'object'
      ? Object.entries(list as Entry).map(([key, v]) => ({ key, ...(v as Entry) }))
      : [];
  return items.flatMap((item): PartitionEvidence[] => {
    if (!item || typeof item !== 'object') return [];
    const e = item as Entry;
    // The checker's verbose result nests its evidence: {longestPrefixes, state, stuck}.
    const ev = (e.evidence && typeof e.evidence === 'object' ? e.evidence : e) as Entry;
    const valid = e.valid === true || e.valid === false ? e.valid : 'unknown';
    const prefixes = ev.longestPrefixes;
    const prefix: unknown = Array.isArray(prefixes)
      ? (prefixes as unknown[])[0]
      : first(ev, ['longestPrefix', 'prefix', 'linearized', 'linearization']);
    const unplacedRaw = first(ev, [
      'stuck',
      'unplaced',
      'unplaceable',
      'illegal',
      'failed',
      'unplacedOps',
    ]);
    const p: PartitionEvidence = { valid, prefix: indices(prefix), unplaced: indices(unplacedRaw) };
    if (Array.isArray(unplacedRaw)) {
      const texts = unplacedRaw
        .filter(
          (u): u is Entry => !!u && typeof u === 'object' && typeof (u as Entry).op === 'string',
        )
        .map(
          (u) =>
            `#${String(u.index)} ${String(u.op)}${typeof u.why === 'string' ? ` (${u.why})` : ''}`,
        );
      if (texts.length > 0) {
        const omitted =
          typeof ev.stuckOmitted === 'number' && ev.stuckOmitted > 0 ? ev.stuckOmitted : 0;
        p.unplacedText = omitted ? [...texts, `... and ${omitted} more`] : texts;
      }
    }
    const key = e.key ?? e.partition;
    if (key !== undefined && key !== '')
      p.key = typeof key === 'string' ? key : JSON.stringify(key);
    const state = first(ev, ['state', 'modelState']);
    if (state !== undefined) p.state = state;
    return [p];
  });
}

function stateText(v: unknown): string {
  if (v === undefined) return '(not given)';
  return typeof v === 'string' ? v : (JSON.stringify(v) ?? typeof v);
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
  const client = history.filter((op) => op.process !== 'nemesis');
  const keyed =
    evidence.key === undefined ? client : client.filter((op) => op.key === evidence.key);
  // A partition key the ops do not carry (e.g. inside the value): draw the whole history.
  const ops = keyed.length > 0 ? keyed : client;
  const open = new Map<string | number, { invoke: Op; s: number }>();
  const done: { invoke: Op; end?: Op; s: number; e: number }[] = [];
  ops.forEach((op, rank) => {
    if (op.type === 'invoke') {
      const prev = open.get(op.process);
      if (prev) done.push({ ...prev, e: rank });
      open.set(op.process, { invoke: op, s: rank });
      return;
    }
    const inv = open.get(op.process);
    if (!inv) return;
    open.delete(op.process);
    if (op.type !== 'fail') done.push({ ...inv, end: op, e: rank });
  });
  for (const inv of open.values()) done.push({ ...inv, e: ops.length });
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
