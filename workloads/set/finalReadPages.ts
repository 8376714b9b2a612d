import type { Redis } from 'ioredis';
import { SET_TAGS, setKeys } from './tags.js';

/** Final state of one node (or one page of it): set members and list items. */
export interface SetState {
  set: string[];
  list: string[];
}

/** Redis calls of one node's final read in flight at once. */
const IN_FLIGHT = 4;

/** In a cluster a node serves some tags only: the others answer MOVED and are skipped. */
function isMoved(e: unknown): boolean {
  return e instanceof Error && /^MOVED /.test(e.message);
}

/**
 * One node's set and list keys, read in pages: SSCAN with `COUNT pageSize` on each set key
 * and LRANGE ranges of `pageSize` on each list key, each call under the client's command
 * timeout, at most `IN_FLIGHT` at once. Pages are yielded as the replies come, about
 * `pageSize` elements each (at least one, empty for an empty node); their union is the node's state (SSCAN may return an element in
 * two pages; the checker counts members, not repetitions). Nothing but the page in hand and
 * the replies in flight is held.
 */
export async function* setFinalReadPages(redis: Redis, pageSize: number): AsyncGenerator<SetState> {
  // The calls still to make: a set key's next cursor, or a list key's next range start.
  type Call =
    { kind: 'set'; key: string; cursor: string } | { kind: 'list'; key: string; start: number };
  const queue: Call[] = SET_TAGS.flatMap((t) => {
    const k = setKeys(t);
    return [
      { kind: 'set' as const, key: k.set, cursor: '0' },
      { kind: 'list' as const, key: k.list, start: 0 },
    ];
  });
  let page: SetState = { set: [], list: [] };
  const ready: SetState[] = [];
  const running = new Set<Promise<void>>();
  let failure: Error | undefined;
  let yielded = 0;
  const perform = async (call: Call): Promise<void> => {
    try {
      if (call.kind === 'set') {
        const [cursor, members] = await redis.sscan(call.key, call.cursor, 'COUNT', pageSize);
        for (const m of members) page.set.push(m);
        if (cursor !== '0') queue.push({ ...call, cursor });
      } else {
        const items = await redis.lrange(call.key, call.start, call.start + pageSize - 1);
        for (const x of items) page.list.push(x);
        if (items.length === pageSize) queue.push({ ...call, start: call.start + pageSize });
      }
    } catch (e) {
      if (!isMoved(e)) failure ??= e instanceof Error ? e : new Error(String(e));
    }
    if (page.set.length + page.list.length >= pageSize) {
      ready.push(page);
      page = { set: [], list: [] };
    }
  };
  for (;;) {
    while (failure === undefined && running.size < IN_FLIGHT && queue.length > 0) {
      const p: Promise<void> = perform(queue.shift() as Call).finally(() => running.delete(p));
      running.add(p);
    }
    if (running.size === 0) break;
    await Promise.race(running);
    if (failure !== undefined) {
      await Promise.all(running);
      throw failure;
    }
    for (; ready.length > 0; yielded++) yield ready.shift() as SetState;
  }
  for (; ready.length > 0; yielded++) yield ready.shift() as SetState;
  // At least one page, so an empty node is a read too.
  if (page.set.length + page.list.length > 0 || yielded === 0) yield page;
}

/** The pages of a final read as one state. */
export function joinSetPages(pages: readonly SetState[]): SetState {
  return { set: pages.flatMap((p) => p.set), list: pages.flatMap((p) => p.list) };
}
