import type { ElementReadConnection } from '../../src/client/resp/elementReadConnection.js';
import { JsonStringList } from '../../src/client/resp/jsonStringList.js';
import { setPages } from './finalReadPages.js';

/** The replies' elements of one page of one key kind: each reply's list of JSON items. */
class JsonParts {
  lists: JsonStringList[] = [];
  count = 0;

  add(list: JsonStringList): void {
    this.lists.push(list);
    this.count += list.count;
  }

  /** `[` the items `]` into `out` from `at`; the position after. */
  writeArray(out: Buffer, at: number): number {
    let i = at;
    out[i++] = 0x5b; // '['
    for (const list of this.lists) {
      if (list.count === 0) continue;
      if (i > at + 1) out[i++] = 0x2c; // ','
      i += list.view().copy(out, i);
    }
    out[i++] = 0x5d; // ']'
    return i;
  }

  get arrayBytes(): number {
    return this.lists.reduce((a, l) => a + l.byteLength + 1, 2);
  }
}

const SET = Buffer.from('{"set":');
const LIST = Buffer.from(',"list":');

/** `{"set":[...],"list":[...]}`, the bytes `JSON.stringify` writes for the page's SetState. */
function pageJson(set: JsonParts, list: JsonParts): Buffer {
  const out = Buffer.allocUnsafe(SET.length + LIST.length + set.arrayBytes + list.arrayBytes + 1);
  let at = SET.copy(out);
  at = set.writeArray(out, at);
  at += LIST.copy(out, at);
  at = list.writeArray(out, at);
  out[at++] = 0x7d; // '}'
  return out.subarray(0, at);
}

/**
 * The pages of `setFinalReadPages`, read over an `ElementReadConnection` with each call under
 * `timeoutMs`, each page as the JSON its `SetState` would be (`{"set":[...],"list":[...]}`,
 * byte for byte what `JSON.stringify` writes), made from the reply bytes without a string per
 * element: the final read of a long run's tens of millions of elements.
 */
export function setFinalReadJsonPages(
  conn: ElementReadConnection,
  pageSize: number,
  timeoutMs: number,
): AsyncGenerator<Buffer> {
  let set = new JsonParts();
  let list = new JsonParts();
  // Each call's list, used again once its page is written.
  const spare: JsonStringList[] = [];
  const listFor = (count: number): JsonStringList => spare.pop() ?? new JsonStringList(count * 16);
  return setPages<Buffer>(
    (added) => ({
      async sscan(key, cursor, count) {
        const elements = listFor(count);
        const reply = await conn.call(['SSCAN', key, cursor, 'COUNT', count], timeoutMs, {
          depth: 2,
          list: elements,
        });
        set.add(elements);
        added();
        const next = Array.isArray(reply) ? (reply[0] as unknown) : undefined;
        if (typeof next !== 'string') throw new Error('SSCAN replied without a cursor');
        return next;
      },
      async lrange(key, start, stop) {
        const elements = listFor(stop - start + 1);
        await conn.call(['LRANGE', key, start, stop], timeoutMs, { depth: 1, list: elements });
        const n = elements.count;
        list.add(elements);
        added(); // may write the page, and clear `elements` for another call
        return n;
      },
      get size() {
        return set.count + list.count;
      },
      take() {
        const json = pageJson(set, list);
        for (const l of [...set.lists, ...list.lists]) {
          l.clear();
          spare.push(l);
        }
        set = new JsonParts();
        list = new JsonParts();
        return json;
      },
    }),
    pageSize,
  );
}
