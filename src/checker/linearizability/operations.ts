/**
 * Pairs a history's invokes with their completions. Nemesis events are ignored. An invoke with
 * no completion, or whose process invokes again before completing, is an `info` op (it may have
 * taken effect at any later point, or never). A completion with no pending invoke is an error.
 */
import { RedcheckError } from '../../errors.js';
import type { Op } from '../../history/op.js';
import type { CompletedOp } from './model.js';

interface Pending {
  readonly invoke: Op;
  /** Position of the invoke in the history. */
  readonly pos: number;
  /** Index of this op in the output. */
  readonly slot: number;
}

function complete(p: Pending, completion: Op | undefined, pos: number): CompletedOp {
  return {
    invokeIndex: p.pos,
    completionIndex: completion === undefined ? -1 : pos,
    process: p.invoke.process,
    f: p.invoke.f,
    key: p.invoke.key,
    status: completion === undefined ? 'info' : (completion.type as 'ok' | 'fail' | 'info'),
    input: p.invoke.value,
    output: completion?.value,
  };
}

/**
 * The operations of a history in invoke order; `invokeIndex`/`completionIndex` are positions in
 * `history`. Throws RedcheckError `E_HISTORY_INVALID` for a completion without an invoke.
 */
export function completedOps(history: readonly Op[]): CompletedOp[] {
  const pending = new Map<number | string, Pending>();
  const out: CompletedOp[] = [];
  for (let i = 0; i < history.length; i++) {
    const op = history[i] as Op;
    if (op.process === 'nemesis') continue;
    if (op.type === 'invoke') {
      const prev = pending.get(op.process);
      if (prev) out[prev.slot] = complete(prev, undefined, -1);
      const p: Pending = { invoke: op, pos: i, slot: out.length };
      pending.set(op.process, p);
      out.push(complete(p, undefined, -1));
      continue;
    }
    const p = pending.get(op.process);
    if (!p) {
      throw new RedcheckError(
        'E_HISTORY_INVALID',
        `history event ${i} (index ${op.index}): ${op.type} of ${op.f} by process ${String(op.process)} has no pending invoke`,
        'Every completion must follow an invoke by the same process; check the history file.',
      );
    }
    pending.delete(op.process);
    out[p.slot] = complete(p, op, i);
  }
  return out;
}
