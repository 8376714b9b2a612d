import { ReplyError } from './replyError.js';

/** An array being filled: its elements so far and how many are still to come. */
interface Frame {
  items: unknown[];
  remaining: number;
}

const CR = 13;

/**
 * An incremental RESP2 reply decoder. Feed it the socket's chunks in order; it calls
 * `onReply` once per complete top-level reply, in order. Values come out as ioredis returns
 * them: simple and bulk strings as (UTF-8) strings, integers as numbers (beyond 2^53 - 1 as
 * their exact decimal text, see `readIntegerReply`), nil as `null`, arrays as arrays, and an
 * error reply as a `ReplyError` (top level or inside an array, as in EXEC's reply). A reply
 * split across chunks is resumed where it stopped: the work is linear in the bytes received,
 * however the reply is cut. The decoder keeps no reference to a chunk it was given (it copies
 * the unfinished end), so the caller may reuse the chunk's memory as soon as `push` returns
 * (the socket's one read buffer, see `RespConnection`).
 */
export class RespDecoder {
  private pending: Buffer | undefined;
  private readonly stack: Frame[] = [];

  constructor(private readonly onReply: (reply: unknown) => void) {}

  /**
   * Consume `chunk[0, length)` (all of it by default). Throws on bytes that are not RESP (the
   * connection is then unusable).
   */
  push(chunk: Buffer, length = chunk.length): void {
    const buf =
      this.pending === undefined ? chunk : Buffer.concat([this.pending, chunk.subarray(0, length)]);
    const end = this.pending === undefined ? length : buf.length;
    this.pending = undefined;
    let pos = 0;
    while (pos < end) {
      const lineEnd = buf.indexOf(CR, pos + 1);
      if (lineEnd === -1 || lineEnd + 1 >= end) break;
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
          if (dataEnd + 2 > end) {
            this.pending = Buffer.from(buf.subarray(pos, end));
            return;
          }
          value = buf.toString('utf8', next, dataEnd);
          next = dataEnd + 2;
          break;
        }
        case 0x2a: {
          // '*'
          const count = readInteger(buf, pos + 1, lineEnd);
          if (count > 0) {
            this.stack.push({ items: [], remaining: count });
            pos = next;
            continue;
          }
          value = count < 0 ? null : [];
          break;
        }
        default:
          value = lineReply(buf, pos, lineEnd);
      }
      pos = next;
      this.deliver(value);
    }
    if (pos < end) this.pending = Buffer.from(buf.subarray(pos, end));
  }

  /** Put a complete value into the array being filled, or hand it out at the top level. */
  private deliver(value: unknown): void {
    let v = value;
    for (;;) {
      const top = this.stack[this.stack.length - 1];
      if (top === undefined) {
        this.onReply(v);
        return;
      }
      top.items.push(v);
      if (--top.remaining > 0) return;
      this.stack.pop();
      v = top.items;
    }
  }
}

/**
 * The one-line reply at `buf[pos]` whose line ends at `lineEnd`: a simple string, an error
 * (`ReplyError`) or an integer. Throws for any other type byte: not RESP.
 */
export function lineReply(buf: Buffer, pos: number, lineEnd: number): unknown {
  const type = buf[pos];
  if (type === 0x2b) return buf.toString('utf8', pos + 1, lineEnd); // '+'
  if (type === 0x2d) return new ReplyError(buf.toString('utf8', pos + 1, lineEnd)); // '-'
  if (type === 0x3a) return readIntegerReply(buf, pos + 1, lineEnd); // ':'
  throw new Error(
    `not a RESP reply: unexpected byte 0x${(type ?? 0).toString(16)} at offset ${pos}`,
  );
}

/**
 * An integer reply: a number when it is a safe integer (|n| <= 2^53 - 1), else its exact
 * decimal text. Not a bigint: replies become op values in the history, which is JSON, and
 * JSON has no bigint. (ioredis returns such integers rounded to the nearest double.)
 */
function readIntegerReply(buf: Buffer, from: number, to: number): number | string {
  const n = readInteger(buf, from, to);
  // Digit by digit, a value beyond 2^53 - 1 accumulates to at least 2^53: never a false "safe".
  if (n <= Number.MAX_SAFE_INTEGER && n >= -Number.MAX_SAFE_INTEGER) return n;
  return buf.toString('latin1', from, to);
}

/** The decimal integer in `buf[from, to)` (an optional `-` then digits); rounded past 2^53. */
export function readInteger(buf: Buffer, from: number, to: number): number {
  let i = from;
  let sign = 1;
  if (buf[i] === 0x2d) {
    sign = -1;
    i++;
  }
  if (i >= to) throw new Error(`not a RESP reply: empty integer at offset ${from}`);
  let n = 0;
  for (; i < to; i++) {
    const d = (buf[i] ?? 0) - 0x30;
    if (d < 0 || d > 9) {
      throw new Error(`not a RESP reply: bad integer ${buf.toString('latin1', from, to)}`);
    }
    n = n * 10 + d;
  }
  return sign * n;
}
