import { ReplyError } from './replyError.js';

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
