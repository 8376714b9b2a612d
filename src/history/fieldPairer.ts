/**
 * `OpPairer`'s pairing on the few fields of an op that a streamed check keeps, for a reader
 * that decodes lines into fields rather than op objects (`OpLineScanner.parse`). Same rules:
 * a process's completion answers its pending invoke, an invoke supersedes a pending one (it
 * never completed), invokes still pending at the end never completed, and a completion with
 * nothing pending is an invalid history (`E_HISTORY_INVALID`, worded as `OpPairer` words it).
 */
import type { RedcheckError } from '../errors.js';
import { growTypedArray } from '../common/growTypedArray.js';
import type { Op, OpType } from './op.js';
import { unpairedCompletion } from './pairOps.js';

/**
 * A client op, once its outcome is known: `done` is undefined when it never completed (then
 * `doneTime` is NaN and `doneNode` undefined). `id` is what the reader kept of the invoke's
 * value (the set check's element id).
 */
export type FieldPairHandler = (
  process: number,
  f: string,
  id: number,
  invokeTime: number,
  done: Exclude<OpType, 'invoke'> | undefined,
  doneTime: number,
  doneNode: string | undefined,
) => void;

/** Processes below this number keep their pending invoke in arrays; others in a Map. */
const DENSE_PROCESSES = 1 << 20;

interface Pending {
  f: string;
  id: number;
  time: number;
  pos: number;
}

/**
 * Streaming pairer on fields: give every event of the history in order (`invoke`,
 * `complete`, or `other` for an event that is not a client's), then `finish`. Calls the
 * handler as `OpPairer` does: at a completion, at a superseding invoke, and at `finish` for
 * the invokes still pending (in invoke order). Memory is one entry per process.
 */
export class FieldPairer {
  private f: (string | undefined)[] = [];
  private id = new Float64Array(64);
  private time = new Float64Array(64);
  private pendingPos = new Float64Array(64);
  private readonly sparse = new Map<number, Pending>();
  private pos = 0;

  constructor(
    private readonly onPair: FieldPairHandler,
    /** The file named in the error for an unpaired completion. */
    private readonly file?: string,
  ) {}

  /** An event of no client (a nemesis op, a final read): it only takes a position. */
  other(): void {
    this.pos++;
  }

  /**
   * A client op (`process`: its process, a number) as an op object: its invoke, with the id
   * `idOf` gives its value, or its completion.
   */
  pushOp(op: Op, process: number, idOf: (f: string, value: unknown) => number): void {
    if (op.type === 'invoke') this.invoke(process, op.f, idOf(op.f, op.value), op.time);
    else this.complete(process, op.type, op.time, op.node, op.f, op.index);
  }

  invoke(process: number, f: string, id: number, time: number): void {
    const pos = this.pos++;
    if (!isDense(process)) {
      const prev = this.sparse.get(process);
      if (prev !== undefined)
        this.onPair(process, prev.f, prev.id, prev.time, undefined, NaN, undefined);
      this.sparse.set(process, { f, id, time, pos });
      return;
    }
    if (process >= this.id.length) this.grow(process);
    if (this.f[process] !== undefined) this.pairDense(process, undefined, NaN, undefined);
    this.f[process] = f;
    this.id[process] = id;
    this.time[process] = time;
    this.pendingPos[process] = pos;
  }

  /**
   * The completion of `process`'s pending invoke. Throws E_HISTORY_INVALID when none is
   * pending (`f` and `index` only name the line in that error).
   */
  complete(
    process: number,
    type: Exclude<OpType, 'invoke'>,
    time: number,
    node: string | undefined,
    f: string,
    index: number,
  ): void {
    const pos = this.pos++;
    if (!isDense(process)) {
      const prev = this.sparse.get(process);
      if (prev === undefined) throw this.unpaired(pos, index, type, f, process);
      this.sparse.delete(process);
      this.onPair(process, prev.f, prev.id, prev.time, type, time, node);
      return;
    }
    if (process >= this.id.length || this.f[process] === undefined) {
      throw this.unpaired(pos, index, type, f, process);
    }
    this.pairDense(process, type, time, node);
    this.f[process] = undefined;
  }

  /** The handler for the op pending on dense `process` (there is one). */
  private pairDense(
    process: number,
    done: Exclude<OpType, 'invoke'> | undefined,
    doneTime: number,
    doneNode: string | undefined,
  ): void {
    const f = this.f[process] as string;
    const id = this.id[process] as number;
    this.onPair(process, f, id, this.time[process] as number, done, doneTime, doneNode);
  }

  /** End of the history: hand out the invokes that never completed, in invoke order. */
  finish(): void {
    const left: (Pending & { process: number })[] = [];
    for (const [process, p] of this.sparse) left.push({ ...p, process });
    this.sparse.clear();
    for (let p = 0; p < this.f.length; p++) {
      const f = this.f[p];
      if (f === undefined) continue;
      left.push({
        process: p,
        f,
        id: this.id[p] as number,
        time: this.time[p] as number,
        pos: this.pendingPos[p] as number,
      });
      this.f[p] = undefined;
    }
    left.sort((a, b) => a.pos - b.pos);
    for (const l of left) this.onPair(l.process, l.f, l.id, l.time, undefined, NaN, undefined);
  }

  private grow(process: number): void {
    this.id = growTypedArray(this.id, process);
    this.time = growTypedArray(this.time, process);
    this.pendingPos = growTypedArray(this.pendingPos, process);
  }

  private unpaired(
    pos: number,
    index: number,
    type: OpType,
    f: string,
    process: number,
  ): RedcheckError {
    return unpairedCompletion(this.file, `event ${pos + 1} (index ${index})`, { type, f, process });
  }
}

function isDense(p: number): boolean {
  return p >= 0 && p < DENSE_PROCESSES && Number.isInteger(p);
}
