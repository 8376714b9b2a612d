import type { SetFinalRead } from './setTypes.js';
import type { ElementIds } from './setElementIds.js';

/** The element ids of each final read's two keys (absent when the read has no such key). */
export interface ReadIds {
  set?: Int32Array;
  list?: Int32Array;
}

/** Raw ids (see `ElementIds.raw`) of every final read's keys, one entry per read. */
export function rawReadIds(ids: ElementIds, reads: readonly SetFinalRead[]): ReadIds[] {
  return reads.map((r) => {
    const out: ReadIds = {};
    if (r.set) out.set = ids.rawAll(r.set);
    if (r.list) out.list = ids.rawAll(r.list);
    return out;
  });
}

/** Turns the raw ids of `rawReadIds` into final ids in place (after `ids.finish()`). */
export function resolveReadIds(ids: ElementIds, readIds: readonly ReadIds[]): void {
  for (const r of readIds) {
    if (r.set) ids.resolve(r.set);
    if (r.list) ids.resolve(r.list);
  }
}

/** How many strings the final reads hold, for sizing `ElementIds`. */
export function readStringCount(reads: readonly SetFinalRead[]): number {
  let strings = 0;
  for (const r of reads) strings += (r.set?.length ?? 0) + (r.list?.length ?? 0);
  return strings;
}
