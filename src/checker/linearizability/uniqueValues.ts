/**
 * The fast path for register histories whose written values are unique (redcheck's own
 * register workload): every observed value names the one write that made it, so the
 * reads-from relation is known and linearizability is decided in O(n log n) without search
 * (Gibbons and Korach: with unique values and known reads-from, checking a register is
 * polynomial). The steps:
 *
 * 1. **Forced ops.** Every `ok` op must take effect; so must the writer of any value a forced op
 *    observed (a read of v, or a cas from v). An `info` write or cas that no forced op observes
 *    can be left out (it never happened, or happened unseen right before the next write): the
 *    verdict does not change. Forced `info` ops have no deadline.
 * 2. **Clusters and chains.** Value v's cluster is its writer followed by its reads. A cas from v
 *    is the very next write after v's writer (nothing else writes v again), so it follows v's
 *    cluster directly: cas chains glue clusters into blocks, each headed by a plain write (or by
 *    the initial value), placed contiguously. Two forced cas from one value, a cas no chain
 *    reaches, or an observed value nobody wrote: not linearizable.
 * 3. **Blocks in time.** Placing a block's ops greedily from a start time t, each op at
 *    max(t, its call), works iff t <= D (the least return in the block) and the block is
 *    consistent on its own (every op returns after the latest call before it in the block); it
 *    ends at max(t, A), A the latest call in the block. So an order of blocks works iff every
 *    block placed before another has A <= the other's D. Any block whose A is at most every
 *    other remaining block's D can go next without loss, so a greedy decides it.
 *
 * For evidence, the smallest cut of the history (events before a position, ops pending at the
 * cut count as `info`) that is not linearizable is found by bisection; the linearization of the
 * cut just before it is the longest prefix, and the op completing at the cut is what cannot
 * follow it.
 */
import type { RegisterInput } from './models/register.js';
import type { SearchOp } from './partitionSearch.js';
import { decide } from './uniqueValuesDecide.js';
import { prepare } from './uniqueValuesPrepare.js';

/** The fast path's verdict on one partition. */
export interface UniqueValuesVerdict {
  readonly valid: boolean;
  /** When not valid and asked for: the longest linearizable prefix (indices into the ops). */
  readonly longest?: number[];
}

/**
 * Decides one partition of a register history by the reads-from relation, or returns
 * undefined when its values are not unique (the general search must decide it). `initial` is
 * the model's initial state (an interned value id). With `evidence`, an invalid verdict comes
 * with the longest linearizable prefix.
 */
export function checkUniqueValues(
  ops: readonly SearchOp<RegisterInput>[],
  initial: number,
  evidence: boolean,
): UniqueValuesVerdict | undefined {
  const p = prepare(ops, initial);
  if (p === undefined) return undefined;
  const full = decide(p, p.end, false);
  if (full.valid) return { valid: true };
  if (!evidence) return { valid: false };
  // the least cut that is not linearizable: the history up to just before it is
  let lo = 0; // linearizable (empty)
  let hi = p.end; // not linearizable
  // usually the conflict shows just after its latest event: gallop down from there
  const w = full.witness;
  if (w !== undefined && w + 1 < hi && !decide(p, w + 1, false).valid) {
    hi = w + 1;
    for (let step = 1; hi - step > lo; step *= 2) {
      if (decide(p, hi - step, false).valid) {
        lo = hi - step;
        break;
      }
      hi -= step;
    }
  }
  while (hi - lo > 1) {
    const mid = lo + Math.floor((hi - lo) / 2);
    if (decide(p, mid, false).valid) lo = mid;
    else hi = mid;
  }
  return { valid: false, longest: decide(p, lo, true).order ?? [] };
}
