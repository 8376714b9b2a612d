import type { ReadIds } from './setReadIds.js';
import type { SetFinalRead } from './setTypes.js';

// Per-element flags of the final primary (and of the writes), one byte per element id.
export const IN_SET = 1;
export const IN_LIST = 2;
export const LIST_TWICE = 4;
export const WRITTEN = 8;
export const SEEN = 16;

/** The one primary whose final read judges the run, or why there is none to judge by. */
export type FinalPrimary =
  | { primary: SetFinalRead & { set: string[]; list: string[] }; ids: Required<ReadIds> }
  | { why: string };

/** The read with `primary: true` when it is the only one and both of its keys were read. */
export function finalPrimary(
  reads: readonly SetFinalRead[],
  readIds: readonly ReadIds[],
): FinalPrimary {
  const primaries = reads.filter((r) => r.primary);
  const primary = primaries[0];
  if (primaries.length !== 1 || !primary?.set || !primary.list) {
    const why =
      primaries.length === 0
        ? 'no agreed primary to read the final state from'
        : primaries.length > 1
          ? `several primaries: ${primaries.map((p) => p.node).join(', ')}`
          : `final read of the primary ${primary?.node} failed: ${primary?.error ?? 'no data'}`;
    return { why };
  }
  return {
    primary: { ...primary, set: primary.set, list: primary.list },
    ids: readIds[reads.indexOf(primary)] as Required<ReadIds>,
  };
}

/**
 * One byte of flags per element id: IN_SET, IN_LIST and LIST_TWICE from the primary's keys;
 * `duplicated` counts the elements present in the list more than once.
 */
export function primaryFlags(
  ids: Required<ReadIds>,
  size: number,
): { flags: Uint8Array; duplicated: number } {
  const flags = new Uint8Array(size);
  let duplicated = 0;
  for (let i = 0; i < ids.set.length; i++) {
    const id = ids.set[i] as number;
    flags[id] = (flags[id] as number) | IN_SET;
  }
  for (let i = 0; i < ids.list.length; i++) {
    const id = ids.list[i] as number;
    const f = flags[id] as number;
    if ((f & IN_LIST) === 0) flags[id] = f | IN_LIST;
    else if ((f & LIST_TWICE) === 0) {
      flags[id] = f | LIST_TWICE;
      duplicated++;
    }
  }
  return { flags, duplicated };
}
