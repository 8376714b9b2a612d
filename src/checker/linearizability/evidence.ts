/** Builds the evidence for an illegal partition from its search. */
import { ILLEGAL, type CompletedOp, type Model } from './model.js';
import type { SearchOp } from './partitionSearch.js';
import type { EvidenceOp, LinearizabilityEvidence, StuckOp } from './result.js';

const TAIL = 8;
const STUCK = 10;

/** One op of a partition: the search's view, plus the op itself for descriptions. */
export interface PartitionOp<I> extends SearchOp<I> {
  readonly op: CompletedOp;
}

/**
 * The evidence for partition `key` whose ops are `ops`, from its longest linearizable
 * prefixes (each op indices into `ops`, in linearization order; the first is described).
 * `historyIndex` gives the `index` of the op whose invoke is at a history position.
 */
export function buildEvidence<S, I>(
  model: Model<S, I>,
  historyIndex: (invokePos: number) => number,
  key: string,
  ops: readonly PartitionOp<I>[],
  longest: readonly (readonly number[])[],
): LinearizabilityEvidence {
  const indexOf = (k: number): number => historyIndex((ops[k] as PartitionOp<I>).op.invokeIndex);
  const describe = (k: number): EvidenceOp => ({
    index: indexOf(k),
    op: model.describeOp((ops[k] as PartitionOp<I>).op),
  });
  const prefix = longest[0] ?? [];
  let state = model.init(key);
  for (const k of prefix) {
    const ns = model.step(state, (ops[k] as PartitionOp<I>).input);
    if (ns !== ILLEGAL) state = ns;
  }
  const placed = new Uint8Array(ops.length);
  for (const k of prefix) placed[k] = 1;
  // The ops that could come next: not placed, and called before the first pending return.
  let firstReturn = Infinity;
  ops.forEach((o, k) => {
    if (placed[k] === 0 && o.ret >= 0 && o.ret < firstReturn) firstReturn = o.ret;
  });
  // Ops that must take effect (they returned) first, then illegal before dead-end, by index.
  const candidates: (StuckOp & { readonly required: boolean })[] = [];
  ops.forEach((o, k) => {
    if (placed[k] === 1 || o.call >= firstReturn) return;
    const why = model.step(state, o.input) === ILLEGAL ? 'illegal' : 'dead-end';
    candidates.push({ ...describe(k), why, required: o.ret >= 0 });
  });
  candidates.sort(
    (a, b) =>
      Number(b.required) - Number(a.required) ||
      (a.why === b.why ? a.index - b.index : a.why === 'illegal' ? -1 : 1),
  );
  return {
    longestPrefixes: longest.map((p) => p.map(indexOf)),
    tail: prefix.slice(-TAIL).map(describe),
    state: model.describe(state),
    stuck: candidates.slice(0, STUCK).map(({ index, op, why }) => ({ index, op, why })),
    stuckOmitted: Math.max(0, candidates.length - STUCK),
  };
}
