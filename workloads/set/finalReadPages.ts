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
 * How the pages of one node's read are fetched and kept (`P`: a page as it is yielded). Each
 * call adds what it read to the page being built when its reply has come, then calls the
 * `added` it was made with, in the same continuation (so the page is cut before the next
 * reply's items come, whatever the order the replies' promises settle in).
 */
export interface SetPageSource<P> {
  /** SSCAN `key` from `cursor` with `COUNT count`; the next cursor (`'0'`: done). */
  sscan(key: string, cursor: string, count: number): Promise<string>;
  /** LRANGE `key` `start` `stop`; how many items came. */
  lrange(key: string, start: number, stop: number): Promise<number>;
  /** Items in the page being built. */
  readonly size: number;
  /** The page being built (perhaps empty); a new one is begun. */
  take(): P;
}

/**
 * One node's set and list keys, read in pages: SSCAN with `COUNT pageSize` on each set key
 * and LRANGE ranges of `pageSize` on each list key, each call under the client's command
 * timeout, at most `IN_FLIGHT` at once. Pages are yielded as the replies come, about
 * `pageSize` elements each (at least one, empty for an empty node); their union is the node's
 * state (SSCAN may return an element in two pages; the checker counts members, not
 * repetitions). Nothing but the page in hand and the replies in flight is held.
 */
export async function* setPages<P>(
  makeSource: (added: () => void) => SetPageSource<P>,
  pageSize: number,
): AsyncGenerator<P> {
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
  const ready: P[] = [];
  const source = makeSource(() => {
    if (source.size >= pageSize) ready.push(source.take());
  });
  const running = new Set<Promise<void>>();
  let failure: Error | undefined;
  let yielded = 0;
  const perform = async (call: Call): Promise<void> => {
    try {
      if (call.kind === 'set') {
        const cursor = await source.sscan(call.key, call.cursor, pageSize);
        if (cursor !== '0') queue.push({ ...call, cursor });
      } else {
        const n = await source.lrange(call.key, call.start, call.start + pageSize - 1);
        if (n === pageSize) queue.push({ ...call, start: call.start + pageSize });
      }
    } catch (e) {
      if (!isMoved(e)) failure ??= e instanceof Error ? e : new Error(String(e));
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
    for (; ready.length > 0; yielded++) yield ready.shift() as P;
  }
  for (; ready.length > 0; yielded++) yield ready.shift() as P;
  // At least one page, so an empty node is a read too.
  if (source.size > 0 || yielded === 0) yield source.take();
}

/** The pages of one node's read through ioredis, as strings (see `setPages`). */
export function setFinalReadPages(redis: Redis, pageSize: number): AsyncGenerator<SetState> {
  let page: SetState = { set: [], list: [] };
  return setPages<SetState>(
    (added) => ({
      async sscan(key, cursor, count) {
        const [next, members] = await redis.sscan(key, cursor, 'COUNT', count);
        for (const m of members) page.set.push(m);
        added();
        return next;
      },
      async lrange(key, start, stop) {
        const items = await redis.lrange(key, start, stop);
        for (const x of items) page.list.push(x);
        added();
        return items.length;
      },
      get size() {
        return page.set.length + page.list.length;
      },
      take() {
        const taken = page;
        page = { set: [], list: [] };
        return taken;
      },
    }),
    pageSize,
  );
}

/** The pages of a final read as one state. */
export function joinSetPages(pages: readonly SetState[]): SetState {
  return { set: pages.flatMap((p) => p.set), list: pages.flatMap((p) => p.list) };
}
