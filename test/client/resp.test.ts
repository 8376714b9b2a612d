import assert from 'node:assert/strict';
import fc from 'fast-check';
import { classifyError } from '../../src/client/classifyError.js';
import { encodeCommands } from '../../src/client/resp/encodeCommands.js';
import { ReplyError } from '../../src/client/resp/replyError.js';
import { ElementReplyDecoder } from '../../src/client/resp/elementReplyDecoder.js';

/** A reply as a test describes it: errors as `{ error }` so deepEqual can compare them. */
type Value = string | number | null | { error: string } | Value[];

/** The RESP2 bytes a server sends for `v` (strings as bulk strings, or simple when `simple`). */
function serverBytes(v: Value, simple = false): string {
  if (v === null) return '$-1\r\n';
  if (typeof v === 'number') return `:${v}\r\n`;
  if (typeof v === 'string') {
    return simple ? `+${v}\r\n` : `$${Buffer.byteLength(v)}\r\n${v}\r\n`;
  }
  if (Array.isArray(v)) return `*${v.length}\r\n${v.map((x) => serverBytes(x)).join('')}`;
  return `-${v.error}\r\n`;
}

/** Decoded replies in test terms. */
function plain(v: unknown): Value {
  if (v instanceof ReplyError) return { error: v.message };
  if (Array.isArray(v)) return v.map(plain);
  return v as Value;
}

/** Feed `bytes` to a decoder cut at `cuts` (byte offsets) and collect the replies. */
function decode(bytes: Buffer, cuts: number[] = []): Value[] {
  const out: Value[] = [];
  const decoder = new ElementReplyDecoder((r) => out.push(plain(r)));
  let from = 0;
  for (const cut of [...cuts].sort((a, b) => a - b)) {
    decoder.push(bytes.subarray(from, cut));
    from = cut;
  }
  decoder.push(bytes.subarray(from));
  return out;
}

const text = fc.string({ unit: 'grapheme', maxLength: 12 });
const lineText = text.filter((s) => !s.includes('\r') && !s.includes('\n'));
const value: fc.Arbitrary<Value> = fc.letrec<{ value: Value }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    text,
    fc.integer({ min: -(2 ** 40), max: 2 ** 40 }),
    fc.constant(null),
    lineText.map((m) => ({ error: `ERR ${m}` })),
    fc.array(tie('value'), { maxLength: 5 }),
  ),
})).value;

describe('RESP client: decoder', () => {
  it('decodes any sequence of replies, however the bytes are cut into chunks', () => {
    fc.assert(
      fc.property(
        fc.array(value, { minLength: 1, maxLength: 8 }),
        fc.array(fc.nat(), { maxLength: 10 }),
        (replies, rawCuts) => {
          const bytes = Buffer.from(replies.map((r) => serverBytes(r)).join(''));
          const cuts = rawCuts.map((c) => c % (bytes.length + 1));
          assert.deepEqual(decode(bytes, cuts), replies);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('decodes the same when each chunk sits in one reused buffer, overwritten after push', () => {
    // As the socket's onread buffer: a chunk's bytes at the start of one scratch buffer whose
    // tail holds stale bytes (CRLFs, digits) and which is scribbled over once push returns.
    const scratch = Buffer.alloc(256);
    fc.assert(
      fc.property(
        fc.array(value, { minLength: 1, maxLength: 8 }),
        fc.array(fc.nat(), { maxLength: 10 }),
        fc.constantFrom(0x0d, 0x0a, 0x31, 0x2a, 0x24),
        (replies, rawCuts, stale) => {
          const bytes = Buffer.from(replies.map((r) => serverBytes(r)).join(''));
          fc.pre(bytes.length <= scratch.length);
          const cuts = [...rawCuts.map((c) => c % (bytes.length + 1)), bytes.length].sort(
            (a, b) => a - b,
          );
          const out: Value[] = [];
          const decoder = new ElementReplyDecoder((r) => out.push(plain(r)));
          scratch.fill(stale);
          let from = 0;
          for (const cut of cuts) {
            bytes.copy(scratch, 0, from, cut);
            decoder.push(scratch, cut - from);
            scratch.fill(stale);
            from = cut;
          }
          assert.deepEqual(out, replies);
        },
      ),
      { numRuns: 500, seed: 22 },
    );
  });

  it('decodes simple strings, empty and nil arrays, and a byte-by-byte feed', () => {
    const bytes = Buffer.from(
      `+OK\r\n*0\r\n*-1\r\n$0\r\n\r\n:-12\r\n*2\r\n:1\r\n-EXECABORT Transaction discarded\r\n$2\r\nä\r\n`,
    );
    const expected: Value[] = [
      'OK',
      [],
      null,
      '',
      -12,
      [1, { error: 'EXECABORT Transaction discarded' }],
      'ä',
    ];
    assert.deepEqual(decode(bytes), expected);
    assert.deepEqual(
      decode(
        bytes,
        Array.from({ length: bytes.length }, (_, i) => i),
      ),
      expected,
    );
  });

  it('an error reply is a ReplyError that classifies as a definite failure by its code', () => {
    const [reply] = (() => {
      const out: unknown[] = [];
      new ElementReplyDecoder((r) => out.push(r)).push(
        Buffer.from("-READONLY You can't write against a read only replica.\r\n"),
      );
      return out;
    })();
    assert.ok(reply instanceof ReplyError);
    const c = classifyError(reply, { sent: true, op: 'write' });
    assert.deepEqual([c.type, c.kind, c.code, c.reconnect], ['fail', 'rejected', 'READONLY', true]);
  });

  it('keeps integer replies exact beyond 2^53: a number when safe, else the decimal text', () => {
    const int64 = fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n });
    const near = fc
      .tuple(fc.constantFrom(2n ** 53n, -(2n ** 53n)), fc.bigInt({ min: -3n, max: 3n }))
      .map(([edge, d]) => edge + d);
    fc.assert(
      fc.property(
        fc.array(fc.oneof(int64, near), { minLength: 1, maxLength: 6 }),
        fc.array(fc.nat(), { maxLength: 6 }),
        (ints, rawCuts) => {
          const bytes = Buffer.from(ints.map((i) => `:${i}\r\n`).join(''));
          const cuts = rawCuts.map((c) => c % (bytes.length + 1));
          const out = decode(bytes, cuts);
          assert.equal(out.length, ints.length);
          ints.forEach((i, k) => {
            const v = out[k];
            const safe =
              i >= -BigInt(Number.MAX_SAFE_INTEGER) && i <= BigInt(Number.MAX_SAFE_INTEGER);
            if (safe) assert.equal(v, Number(i));
            else assert.equal(v, i.toString());
            assert.equal(String(v), i.toString());
          });
        },
      ),
      { numRuns: 500 },
    );
    assert.deepEqual(decode(Buffer.from(':9007199254740991\r\n:9007199254740993\r\n')), [
      9007199254740991,
      '9007199254740993',
    ]);
  });

  it('refuses bytes that are not RESP, naming the byte', () => {
    assert.throws(() => decode(Buffer.from('HTTP/1.1 400\r\n')), /unexpected byte 0x48/);
    assert.throws(() => decode(Buffer.from(':12a\r\n')), /bad integer 12a/);
  });
});

describe('RESP client: encoder', () => {
  it('writes each command as a RESP array of bulk strings, lengths in bytes', () => {
    assert.equal(
      encodeCommands([
        ['SADD', '{s}:s', 'e1'],
        ['WAIT', 1, 500],
        ['SET', 'k', 'ä'],
      ]),
      '*3\r\n$4\r\nSADD\r\n$5\r\n{s}:s\r\n$2\r\ne1\r\n' +
        '*3\r\n$4\r\nWAIT\r\n$1\r\n1\r\n$3\r\n500\r\n' +
        '*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$2\r\nä\r\n',
    );
  });

  it('round-trips: a request decodes (as the array a server reads) to its arguments', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.oneof(text, fc.integer()), { minLength: 1, maxLength: 5 }), {
          minLength: 1,
          maxLength: 4,
        }),
        (commands) => {
          const typed = commands.map(
            (c) => [String(c[0]), ...c.slice(1)] as [string, ...(string | number)[]],
          );
          const decoded = decode(Buffer.from(encodeCommands(typed)));
          assert.deepEqual(
            decoded,
            typed.map((c) => c.map(String)),
          );
        },
      ),
    );
  });
});
