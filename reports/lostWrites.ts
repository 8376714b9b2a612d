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
  node?: string;
  /** The fault(s) active while the write was in flight, as text; empty when none. */
  fault: string;
}

type Entry = Record<string, unknown>;

const LIST_KEYS = ['lostWrites', 'lostDetails', 'lostOps', 'lost-writes', 'lostList'];

function num(e: Entry, ...keys: string[]): number | undefined {
  for (const k of keys) {
    const v = e[k];
    if (typeof v === 'number' && Number.isFinite(v)) return v;
  }
  return undefined;
}

function faultText(v: unknown): string {
  if (v === undefined || v === null || v === false) return '';
  if (typeof v === 'string') return v;
  if (Array.isArray(v))
    return v
      .map(faultText)
      .filter((s) => s !== '')
      .join(', ');
  if (typeof v === 'object') {
    const o = v as Entry;
    const name = typeof o.fault === 'string' ? o.fault : '';
    const who =
      typeof o.description === 'string'
        ? o.description
        : typeof o.target === 'string'
          ? o.target
          : '';
    return [name, who].filter((s) => s !== '').join(' ') || JSON.stringify(v);
  }
  return typeof v === 'number' || typeof v === 'boolean' ? String(v) : typeof v;
}

/**
 * The lost-write details of the `set` checker entry, whatever the exact field names the runner
 * uses (`lostWrites` with `invoke`/`invokeTime`, `complete`/`completeTime`/`ackTime`, `fault`/
 * `activeFault`/`faults`). Returns [] when the entry has no list.
 */
export function lostWritesOf(set: Entry | undefined): LostWrite[] {
  if (!set) return [];
  const list = LIST_KEYS.map((k) => set[k]).find(Array.isArray) as unknown[] | undefined;
  const fromLost = Array.isArray(set.lost) ? (set.lost as unknown[]) : undefined;
  const items = list ?? fromLost ?? [];
  return items.map((item): LostWrite => {
    if (typeof item !== 'object' || item === null) return { value: item, fault: '' };
    const e = item as Entry;
    const w: LostWrite = {
      value: 'value' in e ? e.value : 'element' in e ? e.element : null,
      fault: faultText(e.fault ?? e.activeFault ?? e.activeFaults ?? e.faults),
    };
    const invoke = num(e, 'invoke', 'invokeTime', 'invokeNs', 'start');
    const complete = num(e, 'complete', 'completeTime', 'completeNs', 'ackTime', 'ack', 'end');
    const index = num(e, 'index', 'invokeIndex');
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
  if (Array.isArray(set.lost)) return set.lost.length;
  const list = LIST_KEYS.map((k) => set[k]).find(Array.isArray) as unknown[] | undefined;
  return list?.length;
}
