/**
 * The one pairing of a history's invokes with their completions. Only client ops (numeric
 * `process`) are paired; nemesis ops and final reads are skipped. A process runs one op at a
 * time, so a completion belongs to the pending invoke of its process. An invoke whose process
 * invokes again before completing stays uncompleted (`info`: it may take effect at any later
 * time), as does an invoke still pending at the end. A completion with no pending invoke is an
 * invalid history: `E_HISTORY_INVALID`.
 */
import { RedcheckError } from '../errors.js';
import type { Op } from './op.js';
import { growTypedArray } from '../common/growTypedArray.js';

/**
 * Receives each client op once. `completion` is absent when the op never completed; `endPos`
 * is then the position where it stopped being pending (the next invoke of its process, or
 * the history's length), else the completion's position. Positions count every event given
 * to the pairer, from 0. `ordinal` numbers client invokes in history order, from 0.
 */
export type PairHandler = (
  invoke: Op,
  completion: Op | undefined,
  invokePos: number,
  endPos: number,
  ordinal: number,
) => void;

/** Processes below this number keep their pending invoke in arrays; others in a Map. */
const DENSE_PROCESSES = 1 << 20;

interface Pending {
  readonly op: Op;
  readonly pos: number;
  readonly ordinal: number;
}

/**
 * Streaming pairer: `push` each event in history order, then `finish`. Calls the handler
 * when an op completes (so in completion order), for a superseded invoke when its process
 * invokes again, and at `finish` for the invokes still pending (in invoke order). Memory is
 * one entry per process with an op in flight (small process numbers index arrays directly).
 */
export class OpPairer {
  private pendingOp: (Op | undefined)[] = [];
  private pendingPos = new Int32Array(64);
  private pendingOrdinal = new Int32Array(64);
  private readonly sparse = new Map<number, Pending>();
  private pos = 0;
  private ordinal = 0;

  /**
   * `source` names where the ops come from in the error for an unpaired completion: the
   * file, and the file line of the event at a position when the caller knows it.
   */
  constructor(
    private readonly onPair: PairHandler,
    private readonly source?: {
      file?: string;
      lineOf?: (pos: number, op: Op) => number | undefined;
    },
  ) {}

  /** Number of events pushed so far. */
  get events(): number {
    return this.pos;
  }

  /** Take the next event of the history. Throws E_HISTORY_INVALID on an unpaired completion. */
  push(op: Op): void {
    const pos = this.pos++;
    const p = op.process;
    if (typeof p !== 'number') return;
    if (p < 0 || p >= DENSE_PROCESSES || !Number.isInteger(p)) {
      this.pushSparse(op, p, pos);
      return;
    }
    if (p >= this.pendingPos.length) this.grow(p);
    const prev = this.pendingOp[p];
    if (op.type === 'invoke') {
      if (prev !== undefined) {
        this.onPair(
          prev,
          undefined,
          this.pendingPos[p] as number,
          pos,
          this.pendingOrdinal[p] as number,
        );
      }
      this.pendingOp[p] = op;
      this.pendingPos[p] = pos;
      this.pendingOrdinal[p] = this.ordinal++;
      return;
    }
    if (prev === undefined) throw this.unpaired(op, pos);
    this.pendingOp[p] = undefined;
    this.onPair(prev, op, this.pendingPos[p] as number, pos, this.pendingOrdinal[p] as number);
  }

  /** End of the history: hand out the invokes that never completed, in invoke order. */
  finish(): void {
    const end = this.pos;
    const left: Pending[] = [...this.sparse.values()];
    this.sparse.clear();
    const ops = this.pendingOp;
    for (let p = 0; p < ops.length; p++) {
      const op = ops[p];
      if (op === undefined) continue;
      left.push({
        op,
        pos: this.pendingPos[p] as number,
        ordinal: this.pendingOrdinal[p] as number,
      });
      ops[p] = undefined;
    }
    left.sort((a, b) => a.pos - b.pos);
    for (const l of left) this.onPair(l.op, undefined, l.pos, end, l.ordinal);
  }

  private pushSparse(op: Op, p: number, pos: number): void {
    const prev = this.sparse.get(p);
    if (op.type === 'invoke') {
      if (prev !== undefined) this.onPair(prev.op, undefined, prev.pos, pos, prev.ordinal);
      this.sparse.set(p, { op, pos, ordinal: this.ordinal++ });
      return;
    }
    if (prev === undefined) throw this.unpaired(op, pos);
    this.sparse.delete(p);
    this.onPair(prev.op, op, prev.pos, pos, prev.ordinal);
  }

  private grow(p: number): void {
    this.pendingPos = growTypedArray(this.pendingPos, p);
    this.pendingOrdinal = growTypedArray(this.pendingOrdinal, p);
  }

  private unpaired(op: Op, pos: number): RedcheckError {
    const line = this.source?.lineOf?.(pos, op);
    const where = line !== undefined ? `line ${line}` : `event ${pos + 1} (index ${op.index})`;
    return unpairedCompletion(this.source?.file, where, op);
  }
}

/** E_HISTORY_INVALID for a completion (`where` in the history) with no pending invoke. */
export function unpairedCompletion(
  file: string | undefined,
  where: string,
  op: Pick<Op, 'type' | 'f' | 'process'>,
): RedcheckError {
  return new RedcheckError(
    'E_HISTORY_INVALID',
    `${file !== undefined ? `${file}: ` : ''}history ${where}: ${op.type} of ${op.f} by process ${op.process} has no pending invoke`,
    'every completion must follow an invoke by the same process; check the history file',
  );
}

/** Every client op of a history, in invoke order, as positions in the history. */
export interface OpPairs {
  /** Number of client ops. */
  readonly count: number;
  /** Position of each op's invoke. */
  readonly invoke: Int32Array;
  /** Position of each op's completion, -1 when it never completed. */
  readonly completion: Int32Array;
}

/**
 * Pair a whole history in memory. Throws E_HISTORY_INVALID (naming the event and its index,
 * and `file` when given) for a completion with no pending invoke.
 */
export function pairOps(history: readonly Op[], file?: string): OpPairs {
  let invokes = 0;
  for (let i = 0; i < history.length; i++) {
    const op = history[i] as Op;
    if (op.type === 'invoke' && typeof op.process === 'number') invokes++;
  }
  const invoke = new Int32Array(invokes);
  const completion = new Int32Array(invokes);
  const pairer = new OpPairer(
    (_inv, done, invokePos, endPos, ordinal) => {
      invoke[ordinal] = invokePos;
      completion[ordinal] = done === undefined ? -1 : endPos;
    },
    file !== undefined ? { file } : undefined,
  );
  for (let i = 0; i < history.length; i++) pairer.push(history[i] as Op);
  pairer.finish();
  return { count: invokes, invoke, completion };
}
