/**
 * The set workload's final-read pages decoded from the history line's bytes: a page holds
 * 10,000 elements, and a long run's final reads hold tens of millions, so the reader does not
 * make a string of each `e<n>`. The value as the run writes it,
 *
 *   {"role":...,["shard":...,"slots":...,]"page":n,"last":b,"state":{"set":[...],"list":[...]}}
 *
 * gives `{role, ..., last, state: ScannedSetState}`: the fields before `state` as
 * `JSON.parse` gives them, the elements as numbers. Anything else (other fields after
 * `state`, an element that is not a plain string, spaces) gives undefined, and the line is
 * decoded the general way (`JSON.parse`, then the workload's `parseState`).
 */
import { JSON_BYTE } from '../../history/jsonBytes.js';
import { growTypedArray } from '../../common/growTypedArray.js';
import { DENSE_ELEMENT_LIMIT } from './elementColumn.js';
import type { ObjectValueScanner } from '../../history/opLineScanner.js';

/**
 * One key's elements: `codes[i] >= 0` is `e<codes[i]>`, `codes[i] < 0` is
 * `others[-codes[i] - 1]`.
 */
export interface ScannedElements {
  readonly codes: Int32Array;
  readonly others: readonly string[];
}

/** A final-read page's state as `scanSetPageValue` decodes it. */
export class ScannedSetState {
  constructor(
    readonly set: ScannedElements,
    readonly list: ScannedElements,
  ) {}

  /** The elements as strings, in order (what `JSON.parse` gives): for tests and rare uses. */
  static strings(e: ScannedElements): string[] {
    return [...e.codes].map((c) => (c >= 0 ? `e${c}` : (e.others[-c - 1] as string)));
  }
}

/**
 * `n` of the bytes `e<n>` (`buf[start, end)`), as `elementNumber` reads the string: 1 to 9
 * digits, no leading zero; -1 for anything else.
 */
export function elementNumberOf(buf: Uint8Array, start: number, end: number): number {
  const len = end - start;
  if (len < 2 || len > 10 || buf[start] !== 0x65) return -1;
  if (len > 2 && buf[start + 1] === 0x30) return -1;
  let n = 0;
  for (let i = start + 1; i < end; i++) {
    const d = (buf[i] as number) - 0x30;
    if (d < 0 || d > 9) return -1;
    n = n * 10 + d;
  }
  return n;
}

const STATE = Buffer.from('"state":{"set":[');
const LIST = Buffer.from(',"list":[');
const {
  quote: QUOTE,
  comma: COMMA,
  backslash: BACKSLASH,
  closeArray: CLOSE_ARRAY,
  close: CLOSE,
  open: OPEN,
} = JSON_BYTE;

/** A growable list of codes. */
class Codes {
  a = new Int32Array(1024);
  n = 0;
  push(c: number): void {
    if (this.n === this.a.length) this.a = growTypedArray(this.a, this.n);
    this.a[this.n++] = c;
  }
}

/**
 * An array of strings at `buf[at]` (just after its `[`) up to its `]`: the codes, and the
 * position after the `]`; undefined for anything but strings.
 */
function scanElements(
  buf: Buffer,
  at: number,
  end: number,
): { elements: ScannedElements; at: number } | undefined {
  const codes = new Codes();
  const others: string[] = [];
  let i = at;
  if (buf[i] === CLOSE_ARRAY) {
    return { elements: { codes: codes.a.subarray(0, 0), others }, at: i + 1 };
  }
  for (;;) {
    if (buf[i] !== QUOTE) return undefined;
    const s = i + 1;
    // Fast: e<n>, the digits read as they pass.
    let n = 0;
    let j = s;
    let plain = buf[j] === 0x65; // 'e'
    if (plain) {
      j++;
      while (j < end) {
        const d = buf[j] as number;
        if (d < 0x30 || d > 0x39) break;
        n = n * 10 + (d - 0x30);
        j++;
      }
      const digits = j - s - 1;
      plain =
        buf[j] === QUOTE &&
        digits >= 1 &&
        digits <= 9 &&
        !(digits > 1 && buf[s + 1] === 0x30) &&
        n < DENSE_ELEMENT_LIMIT;
    }
    if (plain) {
      codes.push(n);
      i = j + 1;
    } else {
      // Any other string: to its closing quote, then decoded as JSON decodes it.
      j = s;
      let escaped = false;
      while (j < end && buf[j] !== QUOTE) {
        // A control character is not JSON: leave the line to the general decoder's error.
        if ((buf[j] as number) < 0x20) return undefined;
        if (buf[j] === BACKSLASH) {
          escaped = true;
          j++;
        }
        j++;
      }
      if (j >= end) return undefined;
      let str: string;
      try {
        str = escaped
          ? (JSON.parse(buf.toString('utf8', s - 1, j + 1)) as string)
          : buf.toString('utf8', s, j);
      } catch {
        return undefined;
      }
      others.push(str);
      codes.push(-others.length);
      i = j + 1;
    }
    const c = buf[i];
    if (c === CLOSE_ARRAY) {
      return { elements: { codes: codes.a.subarray(0, codes.n), others }, at: i + 1 };
    }
    if (c !== COMMA) return undefined;
    i++;
  }
}

/** `ObjectValueScanner` for the set workload's final reads (`f` is `finalReadF`). */
export function setPageScanner(finalReadF: string): ObjectValueScanner {
  return (process, f, bytes, start, end) => {
    if (process !== 'final' || f !== finalReadF) return undefined;
    const buf = Buffer.isBuffer(bytes)
      ? bytes
      : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const key = buf.indexOf(STATE, start);
    if (key === -1 || key >= end) return undefined;
    const before = buf[key - 1];
    let meta: unknown;
    if (before === OPEN && key - 1 === start) meta = {};
    else if (before === COMMA) {
      try {
        meta = JSON.parse(`${buf.toString('utf8', start, key - 1)}}`);
      } catch {
        return undefined;
      }
    } else return undefined;
    if (meta === null || typeof meta !== 'object' || Array.isArray(meta)) return undefined;
    const set = scanElements(buf, key + STATE.length, end);
    if (set === undefined || !LIST.equals(buf.subarray(set.at, set.at + LIST.length))) {
      return undefined;
    }
    const list = scanElements(buf, set.at + LIST.length, end);
    if (list === undefined || buf[list.at] !== CLOSE || buf[list.at + 1] !== CLOSE) {
      return undefined;
    }
    const value = Object.assign(meta, { state: new ScannedSetState(set.elements, list.elements) });
    return { value, end: list.at + 2 };
  };
}
