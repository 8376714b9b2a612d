import { hashSlot, SLOT_COUNT } from '../../src/common/slots.js';

/** How many hash tags the set workload spreads its elements over. */
export const SET_TAG_COUNT = 32;

/**
 * The set workload's hash tags: tag `i` hashes into slots `[i * 512, (i + 1) * 512)`, so any
 * run of at least 1024 consecutive slots (each shard of an evenly split cluster of up to 16
 * shards) holds at least one tag, and every shard gets writes.
 */
export const SET_TAGS: readonly string[] = Array.from({ length: SET_TAG_COUNT }, (_, i) => {
  const width = SLOT_COUNT / SET_TAG_COUNT;
  for (let j = 0; ; j++) {
    const tag = `set${i}.${j}`;
    if (Math.floor(hashSlot(tag) / width) === i) return tag;
  }
});

/** The set key and the list key of a tag: one hash tag, so a cluster keeps them on one shard. */
export function setKeys(tag: string): { set: string; list: string } {
  return { set: `{${tag}}:s`, list: `{${tag}}:l` };
}

/** The tag element `e<n>` is written under (`n mod 32`); undefined for other strings. */
export function tagOfElement(element: string): string | undefined {
  const m = /^e(\d+)$/.exec(element);
  return m ? SET_TAGS[Number(m[1]) % SET_TAG_COUNT] : undefined;
}

/** The cluster slot of the keys element `e<n>` is written to. */
export function slotOfElement(element: string): number | undefined {
  const tag = tagOfElement(element);
  return tag === undefined ? undefined : hashSlot(tag);
}
