import { growTypedArray } from '../../common/growTypedArray.js';

/** Processes below this number keep their pending invoke in arrays; others in a Map. */
const DENSE_PROCESSES = 1 << 20;

/** What an acknowledged add needs of its invoke and completion to be listed as lost. */
export type AckHandler = (
  element: number,
  process: number,
  invokeTime: number,
  doneTime: number,
  node: string | undefined,
) => void;

/**
 * The second reading's pairing, as `OpPairer` pairs but on the few fields the lost writes
 * need and without an op object: a process's completion answers its pending invoke, an
 * invoke supersedes a pending one (never acknowledged), and each `ok` completion of an
 * `add` calls `onAck`. Only ever given a history the first reading paired without error,
 * so a completion with nothing pending (an error there) is not looked for here.
 */
export class LostWritePairer {
  // 0: nothing pending, 1: an invoke of another f, 2: an add.
  private state = new Uint8Array(64);
  private element = new Float64Array(64);
  private time = new Float64Array(64);
  private readonly sparse = new Map<number, { add: boolean; element: number; time: number }>();

  constructor(private readonly onAck: AckHandler) {}

  invoke(process: number, add: boolean, element: number, time: number): void {
    if (!isDense(process)) {
      this.sparse.set(process, { add, element, time });
      return;
    }
    if (process >= this.state.length) this.grow(process);
    this.state[process] = add ? 2 : 1;
    this.element[process] = element;
    this.time[process] = time;
  }

  complete(process: number, ok: boolean, time: number, node: string | undefined): void {
    if (!isDense(process)) {
      const p = this.sparse.get(process);
      this.sparse.delete(process);
      if (p?.add && ok) this.onAck(p.element, process, p.time, time, node);
      return;
    }
    if (process >= this.state.length) return;
    const state = this.state[process];
    this.state[process] = 0;
    if (state === 2 && ok) {
      this.onAck(
        this.element[process] as number,
        process,
        this.time[process] as number,
        time,
        node,
      );
    }
  }

  private grow(process: number): void {
    this.state = growTypedArray(this.state, process);
    this.element = growTypedArray(this.element, process);
    this.time = growTypedArray(this.time, process);
  }
}

function isDense(p: number): boolean {
  return p >= 0 && p < DENSE_PROCESSES && Number.isInteger(p);
}
