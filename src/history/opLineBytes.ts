import type { Op } from './op.js';

/** An op as the writer encodes it: everything but the index, which it is given apart. */
type OpFields = Omit<Op, 'index'>;

/** What a line needs beyond its strings' bytes: the field names, punctuation and numbers. */
const FIXED_BYTES = 256;

/** Each field's name with its punctuation as JSON.stringify writes it: `{"index":`, `,"time":`. */
const NAMES = [
  'time',
  'process',
  'type',
  'f',
  'value',
  'key',
  'node',
  'error',
  'redirects',
] as const;
const INDEX = Buffer.from('{"index":');
const FIELD = Object.fromEntries(NAMES.map((n) => [n, Buffer.from(`,"${n}":`)])) as Record<
  (typeof NAMES)[number],
  Buffer
>;
const NULL = Buffer.from('null');
const TRUE = Buffer.from('true');
const FALSE = Buffer.from('false');

/**
 * At most how many bytes `writeOpLine` writes for `op` with its newline, or -1 when it cannot
 * encode `op` itself (a value JSON.stringify would leave out, a field of an unexpected type):
 * the caller then writes `JSON.stringify` of the stored op. `valueJson` is the value's JSON
 * when it is neither a string, a number, a boolean nor null (see `valueJsonOf`).
 */
export function opLineBound(op: OpFields, valueJson: string | undefined): number {
  if (typeof op.time !== 'number' || typeof op.type !== 'string' || typeof op.f !== 'string') {
    return -1;
  }
  // A string's JSON takes at most 6 bytes a UTF-16 unit (`\u001f`, a lone surrogate).
  let n = FIXED_BYTES + 6 * (op.type.length + op.f.length);
  if (typeof op.process === 'string') n += 6 * op.process.length;
  else if (typeof op.process !== 'number') return -1;
  const v = op.value;
  if (typeof v === 'string') n += 6 * v.length;
  else if (valueJson !== undefined) n += 3 * valueJson.length;
  else if (!(v === undefined || v === null || typeof v === 'number' || typeof v === 'boolean')) {
    return -1;
  }
  const key = stringBound(op.key);
  const node = stringBound(op.node);
  const error = stringBound(op.error);
  if (key < 0 || node < 0 || error < 0) return -1;
  n += key + node + error;
  if (op.redirects !== undefined) {
    if (!Array.isArray(op.redirects)) return -1;
    n += 3 * JSON.stringify(op.redirects).length;
  }
  return n;
}

/** What an optional string field adds to `opLineBound`: 0 when absent, -1 when not a string. */
function stringBound(s: unknown): number {
  return typeof s === 'string' ? 6 * s.length : s === undefined ? 0 : -1;
}

/**
 * The JSON of `value` when `writeOpLine` takes it as text (an array or object: JSON.stringify
 * writes it as it would inside the op), else undefined (a string, number, boolean, null or
 * nothing, written directly; or a value JSON leaves out, such as a function).
 */
export function valueJsonOf(value: unknown): string | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  // Typed `string`, but undefined for what JSON leaves out.
  const json: string | undefined = JSON.stringify(value);
  return json;
}

/**
 * Write `op` with `index` as one history line (with its newline) into `buf` from `at`; the
 * position after it. The bytes are exactly `JSON.stringify(storedOp(op, index))` and a
 * newline (a property test holds it to that). `buf` must have `opLineBound(op)` bytes free.
 */
export function writeOpLine(
  buf: Buffer,
  at: number,
  index: number,
  op: OpFields,
  valueJson: string | undefined,
): number {
  let i = writeNumber(buf, put(buf, at, INDEX), index);
  i = writeNumber(buf, put(buf, i, FIELD.time), op.time);
  i = put(buf, i, FIELD.process);
  i =
    typeof op.process === 'number'
      ? writeNumber(buf, i, op.process)
      : writeString(buf, i, op.process);
  i = writeString(buf, put(buf, i, FIELD.type), op.type);
  i = writeString(buf, put(buf, i, FIELD.f), op.f);
  i = put(buf, i, FIELD.value);
  const v = op.value;
  if (typeof v === 'string') i = writeString(buf, i, v);
  else if (typeof v === 'number') i = writeNumber(buf, i, v);
  else if (valueJson !== undefined) i += buf.write(valueJson, i, 'utf8');
  else i = put(buf, i, v === true ? TRUE : v === false ? FALSE : NULL);
  if (op.key !== undefined) i = writeString(buf, put(buf, i, FIELD.key), op.key);
  if (op.node !== undefined) i = writeString(buf, put(buf, i, FIELD.node), op.node);
  if (op.error !== undefined) i = writeString(buf, put(buf, i, FIELD.error), op.error);
  if (op.redirects !== undefined) {
    i = put(buf, i, FIELD.redirects);
    i += buf.write(JSON.stringify(op.redirects), i, 'utf8');
  }
  buf[i++] = 0x7d; // '}'
  buf[i++] = 0x0a; // '\n'
  return i;
}

/** `bytes` (a few: a field's name) into `buf` at `at`; the position after. */
function put(buf: Buffer, at: number, bytes: Uint8Array): number {
  const n = bytes.length;
  for (let k = 0; k < n; k++) buf[at + k] = bytes[k] as number;
  return at + n;
}

/** `"00"` to `"99"`: the two ASCII digits of each number below 100, for `writeNumber`. */
const DIGIT_PAIRS = Uint8Array.from({ length: 200 }, (_, i) =>
  i % 2 === 0 ? 0x30 + Math.floor(i / 20) : 0x30 + (((i - 1) / 2) % 10),
);

/** `n` as JSON.stringify writes it (`null` when not finite, `-0` as `0`). */
function writeNumber(buf: Buffer, at: number, n: number): number {
  if (!Number.isSafeInteger(n)) {
    if (!Number.isFinite(n)) return put(buf, at, NULL);
    // Not an integer, or beyond 2^53: the shortest round-trip form, JSON's too (ASCII).
    return at + buf.write(String(n), at, 'latin1');
  }
  let i = at;
  let v = n;
  if (v < 0) {
    buf[i++] = 0x2d; // '-'
    v = -v;
  }
  if (v < 1e8) return writeSmall(buf, i, v);
  // Below 2^53: at most 8 digits above the low 8, each part a small integer.
  const high = Math.floor(v / 1e8);
  return writeEight(buf, writeSmall(buf, i, high), v - high * 1e8);
}

/** `v` (an integer in [0, 1e8)) in decimal, no leading zeros; the position after. */
function writeSmall(buf: Buffer, at: number, v: number): number {
  const digits =
    v < 1e4
      ? v < 100
        ? v < 10
          ? 1
          : 2
        : v < 1e3
          ? 3
          : 4
      : v < 1e6
        ? v < 1e5
          ? 5
          : 6
        : v < 1e7
          ? 7
          : 8;
  let j = at + digits;
  let u = v | 0;
  while (u >= 100) {
    const q = (u / 100) | 0;
    const r = (u - q * 100) << 1;
    buf[--j] = DIGIT_PAIRS[r + 1] as number;
    buf[--j] = DIGIT_PAIRS[r] as number;
    u = q;
  }
  if (u >= 10) {
    buf[at + 1] = DIGIT_PAIRS[(u << 1) + 1] as number;
    buf[at] = DIGIT_PAIRS[u << 1] as number;
  } else buf[at] = 0x30 + u;
  return at + digits;
}

/** `v` (an integer in [0, 1e8)) as exactly eight digits, zeros in front; the position after. */
function writeEight(buf: Buffer, at: number, v: number): number {
  let u = v | 0;
  for (let j = at + 6; j >= at; j -= 2) {
    const q = (u / 100) | 0;
    const r = (u - q * 100) << 1;
    buf[j] = DIGIT_PAIRS[r] as number;
    buf[j + 1] = DIGIT_PAIRS[r + 1] as number;
    u = q;
  }
  return at + 8;
}

/**
 * `s` as a JSON string: printable ASCII without `"` or `\` byte by byte, anything else as
 * JSON.stringify escapes it, in UTF-8.
 */
function writeString(buf: Buffer, at: number, s: string): number {
  const n = s.length;
  if (n >= 32) return writeLongString(buf, at, s);
  // One pass: each unit is copied as it is checked; the first that needs escaping sends the
  // whole string to JSON.stringify, over what was copied.
  buf[at] = 0x22; // '"'
  for (let k = 0; k < n; k++) {
    const c = s.charCodeAt(k);
    if (c < 0x20 || c > 0x7e || c === 0x22 || c === 0x5c) {
      return at + buf.write(JSON.stringify(s), at, 'utf8');
    }
    buf[at + 1 + k] = c;
  }
  buf[at + 1 + n] = 0x22;
  return at + n + 2;
}

/** `writeString` for a string of 32 units or more: checked first, then copied natively. */
function writeLongString(buf: Buffer, at: number, s: string): number {
  const n = s.length;
  for (let k = 0; k < n; k++) {
    const c = s.charCodeAt(k);
    if (c < 0x20 || c > 0x7e || c === 0x22 || c === 0x5c) {
      return at + buf.write(JSON.stringify(s), at, 'utf8');
    }
  }
  buf[at] = 0x22; // '"'
  buf.write(s, at + 1, 'latin1');
  buf[at + 1 + n] = 0x22;
  return at + n + 2;
}
