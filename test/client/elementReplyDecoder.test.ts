import assert from 'node:assert/strict';
import fc from 'fast-check';
import { ElementReplyDecoder } from '../../src/client/resp/elementReplyDecoder.js';
import { JsonStringList } from '../../src/client/resp/jsonStringList.js';
import { ReplyError } from '../../src/client/resp/replyError.js';

/** `$<n>\r\n<bytes>\r\n` */
function bulk(bytes: Uint8Array): Buffer {
  return Buffer.concat([Buffer.from(`$${bytes.length}\r\n`), bytes, Buffer.from('\r\n')]);
}

/** An SSCAN reply (`[cursor, [elements]]`) or an LRANGE reply (`[elements]`). */
function reply(kind: 'sscan' | 'lrange', cursor: string, elements: Uint8Array[]): Buffer {
  const items = Buffer.concat([Buffer.from(`*${elements.length}\r\n`), ...elements.map(bulk)]);
  if (kind === 'lrange') return items;
  return Buffer.concat([Buffer.from('*2\r\n'), bulk(Buffer.from(cursor)), items]);
}

/** Feed `bytes` cut at `cuts`, each chunk from a reused buffer (as the socket's read buffer). */
function feed(decoder: ElementReplyDecoder, bytes: Buffer, cuts: number[]): void {
  const shared = Buffer.alloc(bytes.length + 1);
  let from = 0;
  for (const cut of [...cuts.map((c) => c % (bytes.length + 1)), bytes.length].sort(
    (a, b) => a - b,
  )) {
    bytes.copy(shared, 0, from, cut);
    decoder.push(shared, cut - from);
    shared.fill(0x2a); // what the decoder kept of the chunk must have been copied
    from = cut;
  }
}

// Elements as any bytes (invalid UTF-8 included), as any string, and as the workload's `e<n>`.
const element = fc.oneof(
  fc.uint8Array({ maxLength: 12 }),
  fc.string({ unit: 'binary', maxLength: 12 }).map((s) => new Uint8Array(Buffer.from(s))),
  fc.nat().map((n) => new Uint8Array(Buffer.from(`e${n}`))),
  fc
    .constantFrom('"', '\\', '\u0000', '\n\r', '\u2028', '\u007f', 'é😀')
    .map((s) => new Uint8Array(Buffer.from(s))),
);

describe('ElementReplyDecoder and JsonStringList: reply bytes to JSON items', () => {
  it('writes the elements exactly as JSON.stringify writes their UTF-8 strings, however the reply is cut', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            kind: fc.constantFrom('sscan' as const, 'lrange' as const),
            elements: fc.array(element, { maxLength: 20 }),
          }),
          { minLength: 1, maxLength: 4 },
        ),
        fc.array(fc.nat(), { maxLength: 12 }),
        (replies, cuts) => {
          const lists = replies.map(() => new JsonStringList(4));
          const values: unknown[] = [];
          // The sink asked for is that of the reply that starts: the first not yet out.
          const decoder = new ElementReplyDecoder(
            (v) => values.push(v),
            () => {
              const r = replies[values.length];
              const list = lists[values.length];
              return r && list && { depth: r.kind === 'sscan' ? 2 : 1, list };
            },
          );
          const bytes = Buffer.concat(replies.map((r, i) => reply(r.kind, String(i), r.elements)));
          feed(decoder, bytes, cuts);
          assert.equal(values.length, replies.length);
          replies.forEach((r, i) => {
            const strings = r.elements.map((e) => Buffer.from(e).toString('utf8'));
            const expected = JSON.stringify(strings).slice(1, -1);
            assert.equal(lists[i]?.view().toString('utf8'), expected);
            assert.equal(lists[i]?.count, strings.length);
            assert.deepEqual(
              values[i],
              r.kind === 'sscan' ? [String(i), strings.length] : strings.length,
            );
          });
        },
      ),
    );
  });

  it('decodes error, simple and integer replies with no sink, and refuses bytes that are not RESP', () => {
    const values: unknown[] = [];
    const decoder = new ElementReplyDecoder(
      (v) => values.push(v),
      () => undefined,
    );
    decoder.push(Buffer.from('+OK\r\n-WRONGTYPE Operation against a key\r\n:42\r\n$-1\r\n*0\r\n'));
    assert.deepEqual(values.slice(2), [42, null, []]);
    assert.equal(values[0], 'OK');
    assert.ok(values[1] instanceof ReplyError);
    assert.equal((values[1] as Error).message, 'WRONGTYPE Operation against a key');
    assert.throws(() => decoder.push(Buffer.from('?x\r\n')), /not a RESP reply/);
  });
});
