import type { JsonStringList } from './jsonStringList.js';
import { lineReply, readInteger } from './lineReply.js';

/**
 * Where a reply's elements go: the bulk strings of the arrays at `depth` (1: the reply's own
 * items, as LRANGE's; 2: the items of an array inside it, as SSCAN's `[cursor, [items]]`) are
 * added to `list` as JSON, never made into JS strings; such an array decodes as its length.
 */
export interface ElementSink {
  readonly depth: number;
  readonly list: JsonStringList;
}

/** An array being filled: its items (none kept for a sink's array) and how many are to come. */
interface Frame {
  items: unknown[] | undefined;
  size: number;
  remaining: number;
}

const CR = 13;

/**
 * An incremental RESP2 reply decoder. Feed it the socket's chunks in order; it calls
 * `onReply` once per complete top-level reply, in order. Values come out as ioredis returns
 * them: simple and bulk strings as (UTF-8) strings, integers as numbers (beyond 2^53 - 1 as
 * their exact decimal text, see `lineReply`), nil as `null`, arrays as arrays, and an error
 * reply as a `ReplyError` (top level or inside an array, as in EXEC's reply).
 *
 * A reply may have an `ElementSink` (`sinkOf()`, asked as the reply starts; none without
 * `sinkOf`): the bulk strings at the sink's depth go to its list as they are decoded, and
 * their array decodes as its length. Work is linear in the bytes received however the reply
 * is cut into chunks; a chunk is not kept after `push` returns (an unfinished reply's bytes
 * are copied into one buffer reused from chunk to chunk), so the caller may reuse the chunk's
 * memory at once (the socket's one read buffer, see `RespConnection`).
 */
export class ElementReplyDecoder {
  /** Bytes of an unfinished reply, `carry[0, tail)`. */
  private carry = Buffer.alloc(0);
  private tail = 0;
  private readonly stack: Frame[] = [];
  private sink: ElementSink | undefined;

  constructor(
    private readonly onReply: (reply: unknown) => void,
    private readonly sinkOf?: () => ElementSink | undefined,
  ) {}

  /**
   * Consume `chunk[0, length)` (all of it by default). Throws on bytes that are not RESP (the
   * connection is then unusable).
   */
  push(chunk: Buffer, length = chunk.length): void {
    let buf = chunk;
    let end = length;
    if (this.tail > 0) {
      // The unfinished reply's end, then the chunk: one buffer, reused from chunk to chunk.
      end = this.tail + length;
      this.reserve(end);
      chunk.copy(this.carry, this.tail, 0, length);
      buf = this.carry;
    }
    this.tail = 0;
    let pos = 0;
    scan: while (pos < end) {
      const lineEnd = buf.indexOf(CR, pos + 1);
      if (lineEnd === -1 || lineEnd + 1 >= end) break scan;
      if (this.stack.length === 0 && this.sinkOf !== undefined) this.sink = this.sinkOf();
      const type = buf[pos];
      let value: unknown;
      let next = lineEnd + 2;
      switch (type) {
        case 0x24: {
          // '$'
          const length = readInteger(buf, pos + 1, lineEnd);
          if (length < 0) {
            value = null;
            break;
          }
          const dataEnd = next + length;
          if (dataEnd + 2 > end) break scan;
          const top = this.stack[this.stack.length - 1];
          if (top !== undefined && top.items === undefined) {
            (this.sink as ElementSink).list.add(buf, next, dataEnd);
            pos = dataEnd + 2;
            this.deliver(undefined);
            continue;
          }
          value = buf.toString('utf8', next, dataEnd);
          next = dataEnd + 2;
          break;
        }
        case 0x2a: {
          // '*'
          const count = readInteger(buf, pos + 1, lineEnd);
          const sinks = this.sink !== undefined && this.stack.length + 1 === this.sink.depth;
          if (count > 0) {
            this.stack.push({ items: sinks ? undefined : [], size: count, remaining: count });
            pos = next;
            continue;
          }
          value = count < 0 ? null : sinks ? 0 : [];
          break;
        }
        default:
          value = lineReply(buf, pos, lineEnd);
      }
      pos = next;
      this.deliver(value);
    }
    if (pos < end) this.keep(buf, pos, end);
  }

  /** Keep `buf[from, to)`, an unfinished reply, for the next chunk. */
  private keep(buf: Buffer, from: number, to: number): void {
    if (buf === this.carry) this.carry.copyWithin(0, from, to);
    else {
      this.reserve(to - from);
      buf.copy(this.carry, 0, from, to);
    }
    this.tail = to - from;
  }

  /** Room for `n` bytes in `carry`, its first `tail` kept. */
  private reserve(n: number): void {
    if (this.carry.length >= n) return;
    const grown = Buffer.allocUnsafe(Math.max(n, this.carry.length * 2, 1 << 16));
    this.carry.copy(grown, 0, 0, this.tail);
    this.carry = grown;
  }

  /** Put a complete value into the array being filled (a sink's: count it), or hand it out. */
  private deliver(value: unknown): void {
    let v = value;
    for (;;) {
      const top = this.stack[this.stack.length - 1];
      if (top === undefined) {
        this.onReply(v);
        return;
      }
      top.items?.push(v);
      if (--top.remaining > 0) return;
      this.stack.pop();
      v = top.items ?? top.size;
    }
  }
}
