/**
 * A fast decoder for the history lines the run's own writer produces (`opToJson`):
 *
 *   {"index":I,"time":T,"process":P,"type":"Y","f":"F","value":V[,"key":"K"][,"node":"N"][,"error":"E"]}
 *
 * read straight from the line's bytes, with no UTF-8 decoding, no `JSON.parse` and no
 * intermediate object. It accepts only that exact shape (no spaces, fields in that order,
 * integers of at most 15 digits, strings of printable ASCII without escapes, a value that is
 * `null`, such a string or such an integer) and returns `undefined` for anything else, which
 * the caller then decodes the general way (`JSON.parse` and `opFromJson`), so a line gives the
 * same op, or the same error, either way (held together by a property test).
 */
import { JSON_BYTE } from './jsonBytes.js';
import type { Op, OpType, Process } from './op.js';

const {
  quote: QUOTE,
  comma: COMMA,
  minus: MINUS,
  zero: ZERO,
  nine: NINE,
  backslash: BACKSLASH,
  open: OPEN,
  close: CLOSE,
  openArray: OPEN_ARRAY,
  closeArray: CLOSE_ARRAY,
} = JSON_BYTE;

const ascii = (s: string): Uint8Array => Uint8Array.from(s, (c) => c.charCodeAt(0));
const INDEX = ascii('{"index":');
const TIME = ascii(',"time":');
const PROCESS = ascii(',"process":');
const TYPE = ascii(',"type":"');
const F = ascii(',"f":"');
const VALUE = ascii(',"value":');
const KEY = ascii(',"key":"');
const NODE = ascii(',"node":"');
const ERROR = ascii(',"error":"');
const NULL = ascii('null');
const NEMESIS = ascii('nemesis"');
const FINAL = ascii('final"');
const INVOKE_ = ascii('invoke"');
const OK_ = ascii('ok"');
const FAIL_ = ascii('fail"');
const INFO_ = ascii('info"');

/** Strings that repeat (`f`, `node`, `error`): one string each, found by their bytes. */
class Interned {
  private readonly bytes: Uint8Array[] = [];
  private readonly strings: string[] = [];

  constructor(private readonly cap: number) {}

  get(buf: Uint8Array, start: number, end: number): string {
    const n = end - start;
    for (let k = 0; k < this.bytes.length; k++) {
      const b = this.bytes[k] as Uint8Array;
      if (b.length === n && same(buf, start, b)) return this.strings[k] as string;
    }
    const s = latin1(buf, start, end);
    if (this.bytes.length < this.cap) {
      // A copy: a Buffer's slice is a view that would keep the whole chunk (1 MiB) alive.
      this.bytes.push(Uint8Array.prototype.slice.call(buf, start, end));
      this.strings.push(s);
    }
    return s;
  }
}

function same(buf: Uint8Array, at: number, lit: Uint8Array): boolean {
  if (at + lit.length > buf.length) return false;
  for (let i = 0; i < lit.length; i++) if (buf[at + i] !== lit[i]) return false;
  return true;
}

/** A string of bytes below 0x80 (checked by the caller): Latin-1 and UTF-8 agree. */
function latin1(buf: Uint8Array, start: number, end: number): string {
  if (end - start <= 16) {
    let s = '';
    for (let i = start; i < end; i++) s += String.fromCharCode(buf[i] as number);
    return s;
  }
  return Buffer.from(buf.buffer, buf.byteOffset + start, end - start).toString('latin1');
}

/**
 * Decodes an object value (`{...}`) of a line of `process` and `f` from `buf[start, end)`
 * (`start` at its `{`, `end` the line's end): the value and the position just after it, or
 * undefined to have the line decoded the general way. A workload's final state is big: its
 * reader can decode it without making a string of each element (see `setPageScanner.ts`).
 */
export type ObjectValueScanner = (
  process: Process,
  f: string,
  buf: Uint8Array,
  start: number,
  end: number,
) => { value: unknown; end: number } | undefined;

/**
 * An `ObjectValueScanner` for readers that never look at the final reads' values (the loss
 * causes' facts, which want only their nodes and times): a final read's object value is
 * stepped over, strings and nesting respected, and given as `null`, without being decoded or
 * checked. Any other line is left to the usual decoding.
 */
export const skipFinalValues: ObjectValueScanner = (process, _f, buf, start, end) => {
  if (process !== 'final') return undefined;
  let depth = 0;
  for (let i = start; i < end; i++) {
    const c = buf[i];
    if (c === QUOTE) {
      for (i++; i < end && buf[i] !== QUOTE; i++) if (buf[i] === BACKSLASH) i++;
    } else if (c === OPEN || c === OPEN_ARRAY) depth++;
    else if (c === CLOSE || c === CLOSE_ARRAY) {
      depth--;
      if (depth === 0) return { value: null, end: i + 1 };
    }
  }
  return undefined;
};

export interface OpLineScannerOptions {
  /** Lines whose process is not a number (nemesis ops, final reads) give `SKIPPED_OP`. */
  clientOnly?: boolean;
  objectValue?: ObjectValueScanner;
}

/** What `scan` gives for a line `clientOnly` leaves out (the line is an op, not decoded). */
export const SKIPPED_OP: Op = Object.freeze<Op>({
  index: -1,
  time: 0,
  process: 'nemesis',
  type: 'info',
  f: 'skipped',
  value: null,
});

/** What kind of value `OpLineScanner.parse` found. */
export const enum ValueKind {
  Null,
  String,
  Integer,
  Scanned,
}

/**
 * Decodes lines one at a time; keeps the interned strings between lines. Not thread-safe,
 * not reentrant: one scanner per reader. `scan` gives an op; `parse` only reads the fields
 * (the ones below, valid until the next line), for a reader that needs no op object.
 */
export class OpLineScanner {
  private readonly fs = new Interned(64);
  private readonly nodes = new Interned(64);
  private readonly errors = new Interned(256);
  private at = 0;
  private num = 0;

  time = 0;
  process: Process = 0;
  type: OpType = 'invoke';
  f = '';
  valueKind = ValueKind.Null;
  /** The string value's bytes (`ValueKind.String`), without its quotes. */
  valueStart = 0;
  valueEnd = 0;
  /** The value of `ValueKind.Integer` and `ValueKind.Scanned`. */
  value: unknown = null;
  private keyStart = -1;
  private keyEnd = -1;
  private nodeStart = -1;
  private nodeEnd = -1;
  private errorStart = -1;
  private errorEnd = -1;
  /** Whether `clientOnly` left the last parsed line out (its process is not a number). */
  skipped = false;

  constructor(private readonly options: OpLineScannerOptions = {}) {}

  /**
   * The op on `buf[start, end)` (the line without its newline) with `index`, or undefined
   * when the line is not exactly in the writer's shape (then decode it the general way).
   */
  scan(buf: Uint8Array, start: number, end: number, index: number): Op | undefined {
    if (!this.parse(buf, start, end)) return undefined;
    if (this.skipped) return SKIPPED_OP;
    return this.op(buf, index);
  }

  /** The op of the last line `parse` read in full (not `skipped`), with `index`. */
  op(buf: Uint8Array, index: number): Op {
    const { time, process, type, f } = this;
    const value =
      this.valueKind === ValueKind.String
        ? latin1(buf, this.valueStart, this.valueEnd)
        : this.value;
    const node = this.node(buf);
    if (this.keyStart < 0 && this.errorStart < 0) {
      // The common shapes built whole (one hidden class each), the rare ones field by field.
      return node === undefined
        ? { index, time, process, type, f, value }
        : { index, time, process, type, f, value, node };
    }
    const op: Op = { index, time, process, type, f, value };
    if (this.keyStart >= 0) op.key = latin1(buf, this.keyStart, this.keyEnd);
    if (node !== undefined) op.node = node;
    if (this.errorStart >= 0) op.error = this.errors.get(buf, this.errorStart, this.errorEnd);
    return op;
  }

  /** The node of the last parsed line (interned), if it has one. */
  node(buf: Uint8Array): string | undefined {
    return this.nodeStart < 0 ? undefined : this.nodes.get(buf, this.nodeStart, this.nodeEnd);
  }

  /**
   * Read the fields of the line `buf[start, end)`; false when it is not exactly in the
   * writer's shape. With `clientOnly`, a line of another process stops at its process and
   * sets `skipped`.
   */
  parse(buf: Uint8Array, start: number, end: number): boolean {
    this.at = start;
    this.skipped = false;
    if (!this.lit(buf, INDEX) || !this.int(buf, end) || this.num < 0) return false;
    if (!this.lit(buf, TIME) || !this.int(buf, end)) return false;
    this.time = this.num;
    if (!this.lit(buf, PROCESS)) return false;
    if (buf[this.at] === QUOTE) {
      this.at++;
      if (this.lit(buf, NEMESIS)) this.process = 'nemesis';
      else if (this.lit(buf, FINAL)) this.process = 'final';
      else return false;
      if (this.options.clientOnly) {
        this.skipped = true;
        return true;
      }
    } else {
      if (!this.int(buf, end)) return false;
      this.process = this.num;
    }
    if (!this.lit(buf, TYPE)) return false;
    const t0 = buf[this.at];
    const type: OpType | undefined =
      t0 === 0x6f // o
        ? this.typed(buf, OK_, 'ok')
        : t0 === 0x69 // i
          ? (this.typed(buf, INVOKE_, 'invoke') ?? this.typed(buf, INFO_, 'info'))
          : t0 === 0x66 // f
            ? this.typed(buf, FAIL_, 'fail')
            : undefined;
    if (type === undefined || !this.lit(buf, F)) return false;
    this.type = type;
    const fStart = this.at;
    if (!this.str(buf, end) || this.at - 1 === fStart) return false;
    this.f = this.fs.get(buf, fStart, this.at - 1);
    if (!this.lit(buf, VALUE)) return false;
    const c = buf[this.at];
    if (c === QUOTE) {
      this.valueStart = ++this.at;
      if (!this.str(buf, end)) return false;
      this.valueEnd = this.at - 1;
      this.valueKind = ValueKind.String;
    } else if (c === MINUS || (c !== undefined && c >= ZERO && c <= NINE)) {
      if (!this.int(buf, end)) return false;
      this.value = this.num;
      this.valueKind = ValueKind.Integer;
    } else if (this.lit(buf, NULL)) {
      this.value = null;
      this.valueKind = ValueKind.Null;
    } else if (c === OPEN && this.options.objectValue !== undefined) {
      const scanned = this.options.objectValue(this.process, this.f, buf, this.at, end);
      if (scanned === undefined) return false;
      this.value = scanned.value;
      this.valueKind = ValueKind.Scanned;
      this.at = scanned.end;
    } else return false;
    this.keyStart = this.nodeStart = this.errorStart = -1;
    if (this.lit(buf, KEY)) {
      this.keyStart = this.at;
      if (!this.str(buf, end)) return false;
      this.keyEnd = this.at - 1;
    }
    if (this.lit(buf, NODE)) {
      this.nodeStart = this.at;
      if (!this.str(buf, end)) return false;
      this.nodeEnd = this.at - 1;
    }
    if (this.lit(buf, ERROR)) {
      this.errorStart = this.at;
      if (!this.str(buf, end)) return false;
      this.errorEnd = this.at - 1;
    }
    return buf[this.at] === CLOSE && this.at + 1 === end;
  }

  private typed(buf: Uint8Array, lit: Uint8Array, type: OpType): OpType | undefined {
    return this.lit(buf, lit) ? type : undefined;
  }

  /** Step over `lit` when the bytes at the cursor are it. */
  private lit(buf: Uint8Array, lit: Uint8Array): boolean {
    const at = this.at;
    for (let i = 0; i < lit.length; i++) if (buf[at + i] !== lit[i]) return false;
    this.at = at + lit.length;
    return true;
  }

  /**
   * A JSON integer (optional minus, no leading zero, at most 15 digits so it is exact) into
   * `num`, followed by `,` or `}`.
   */
  private int(buf: Uint8Array, end: number): boolean {
    let i = this.at;
    const neg = buf[i] === MINUS;
    if (neg) i++;
    const first = i;
    let n = 0;
    while (i < end) {
      const d = buf[i] as number;
      if (d < ZERO || d > NINE) break;
      n = n * 10 + (d - ZERO);
      i++;
    }
    const digits = i - first;
    if (digits === 0 || digits > 15 || (digits > 1 && buf[first] === ZERO)) return false;
    const next = buf[i];
    if (next !== COMMA && next !== CLOSE) return false;
    this.num = neg ? -n : n;
    this.at = i;
    return true;
  }

  /** The rest of a string after its opening quote: printable ASCII, no escapes; ends after the closing quote. */
  private str(buf: Uint8Array, end: number): boolean {
    for (let i = this.at; i < end; i++) {
      const c = buf[i] as number;
      if (c === QUOTE) {
        this.at = i + 1;
        return true;
      }
      if (c === BACKSLASH || c < 0x20 || c >= 0x7f) return false;
    }
    return false;
  }
}
