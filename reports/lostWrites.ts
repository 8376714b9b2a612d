import type { SetWriteDetail } from '../src/checker/set.js';

/** One acknowledged write the final reads did not find, as the report shows it. */
export interface LostWrite {
  value: unknown;
  /** ns since the run started. */
  invoke?: number;
  /** ns; when the write was acknowledged. */
  complete?: number;
  process?: number | string;
  /** Index of the invoke in the history (anchor of the op in the timeline). */
  index?: number;
  /** The node the write was sent to. */
  node?: string;
  /** The fault(s) active while the write was in flight, as text; empty when none. */
  fault: string;
}

type Entry = Record<string, unknown>;

function finite(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

/**
 * The lost-write details of the `set` checker entry of a stored results.json
 * (`lostWrites`, see SetWriteDetail). The file comes from disk, so each field is checked
 * rather than trusted; an entry without the list gives [].
 */
export function lostWritesOf(set: Entry | undefined): LostWrite[] {
  const list = set?.lostWrites;
  if (!Array.isArray(list)) return [];
  return list.map((item: unknown): LostWrite => {
    if (typeof item !== 'object' || item === null) return { value: item, fault: '' };
    const e = item as Partial<Record<keyof SetWriteDetail | 'index', unknown>>;
    const faults = Array.isArray(e.faults) ? e.faults.filter((f) => typeof f === 'string') : [];
    const w: LostWrite = { value: e.element ?? null, fault: faults.join(', ') };
    const invoke = finite(e.invoke);
    const complete = finite(e.complete);
    const index = finite(e.index);
    if (invoke !== undefined) w.invoke = invoke;
    if (complete !== undefined) w.complete = complete;
    if (index !== undefined) w.index = index;
    if (typeof e.process === 'number' || typeof e.process === 'string') w.process = e.process;
    if (typeof e.node === 'string') w.node = e.node;
    return w;
  });
}

/** The count of lost writes: the checker's `lost` number, else the length of its list. */
export function lostCountOf(set: Entry | undefined): number | undefined {
  if (!set) return undefined;
  if (typeof set.lost === 'number') return set.lost;
  return Array.isArray(set.lostWrites) ? set.lostWrites.length : undefined;
}
