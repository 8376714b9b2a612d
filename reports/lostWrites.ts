import type { SetCheckResult, SetWriteDetail } from '../src/checker/set.js';

/** One acknowledged write the final reads did not find, as the report shows it. */
export interface LostWrite {
  value: string;
  /** ns since the run started. */
  invoke: number;
  /** ns; when the write was acknowledged. */
  complete?: number;
  process: SetWriteDetail['process'];
  /** Index of the invoke in the history (anchor of the op in the timeline), when found. */
  index?: number;
  /** The node the write was sent to. */
  node?: string;
  /** The fault(s) active while the write was in flight, as text; empty when none. */
  fault: string;
}

/** The lost writes the set checker listed (`lostWrites`), as the report shows them. */
export function lostWritesOf(set: SetCheckResult | undefined): LostWrite[] {
  return (set?.lostWrites ?? []).map((d): LostWrite => {
    const w: LostWrite = {
      value: d.element,
      invoke: d.invoke,
      process: d.process,
      fault: d.faults.join(', '),
    };
    if (d.complete !== undefined) w.complete = d.complete;
    if (d.node !== undefined) w.node = d.node;
    return w;
  });
}

/** The key the history analysis finds a lost write's invoke by: `process@invoke time`. */
export function lostWriteKey(w: Pick<LostWrite, 'process' | 'invoke'>): string {
  return `${w.process}@${w.invoke}`;
}
