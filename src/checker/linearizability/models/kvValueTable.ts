/**
 * The values of the kv-single model, each string once, by a small integer id (0 is "", a
 * missing key): two ids are equal iff their strings are, so a get compares two integers and
 * a map state is a vector of ids (`KvStateTable`). An append is remembered by
 * (value id, append op), so a value reached again by the same append is found without
 * building or comparing a string.
 *
 * All tables are typed arrays (chained by id for the values, open addressing for the append
 * memo); only the strings themselves are objects, one per distinct value.
 */
import { mix32 } from '../hash.js';
import { ILLEGAL, type Illegal } from '../model.js';
import { IdChains } from './idChains.js';
import { APPEND, GET, valueHash, type KvInput, type KvValue } from './kvOps.js';

/** An append as the table takes it: the suffix, BASE^(its length), and the op's own number. */
export interface KvAppend {
  readonly suffix: KvValue;
  readonly pow: number;
  /** Numbers the append ops of a table 0, 1, 2, ...: the memo's key with the value id. */
  readonly appendId: number;
}

/** A prepared kv op on value ids: kind, the key's index, the value id (get, put) or the append. */
export interface KvIdInput {
  readonly kind: number;
  readonly keyIndex: number;
  /** The value read (get) or written (put); 0 for an append. */
  readonly valueId: number;
  /** The suffix of an append (undefined for a get or a put). */
  readonly append: KvAppend | undefined;
}

/** Memo slot fields: value id, append id, result id (value id -1 marks an empty slot). */
const MEMO_STRIDE = 3;

/** The memo's hash of (value id, append id): mixed, as linear probing needs every bit. */
const memoSlot = (id: number, appendId: number): number =>
  mix32(Math.imul(id, 0x9e3779b1) + appendId);

export class KvValueTable {
  /** Number of values. */
  size = 1;
  /** Per id: the polynomial hash, the length and `valueHash` of the string. */
  private h = new Int32Array(64);
  private n = new Int32Array(64);
  private mixed = new Int32Array(64);
  private readonly chains = new IdChains();
  private readonly strings: string[] = [''];

  private memo = new Int32Array(256 * MEMO_STRIDE).fill(-1);
  private memoCount = 0;
  private appends = 0;
  /** Characters in all strings. */
  private chars = 0;

  constructor() {
    this.chains.link(0, this.mixed[0] as number);
  }

  /** Approximate bytes held: the tables and the strings (two bytes a character and a header). */
  get bytes(): number {
    return (
      this.h.byteLength * 3 +
      this.memo.byteLength +
      this.chains.bytes +
      this.chars * 2 +
      24 * this.size
    );
  }

  /** The string of an id. */
  string(id: number): string {
    return this.strings[id] as string;
  }

  /** `valueHash` of an id's string. */
  hash(id: number): number {
    return this.mixed[id] as number;
  }

  /** The id of `v`, new if no value has its string yet. */
  id(v: KvValue): number {
    const mixed = valueHash(v);
    for (let id = this.chains.first(mixed); id >= 0; id = this.chains.next(id))
      if (this.h[id] === v.h && this.n[id] === v.n && this.strings[id] === v.s) return id;
    const id = this.size++;
    if (id === this.h.length) this.grow();
    this.h[id] = v.h;
    this.n[id] = v.n;
    this.mixed[id] = mixed;
    this.strings.push(v.s);
    this.chars += v.n;
    this.chains.link(id, mixed);
    return id;
  }

  /** `p` on value ids: its value interned, or its append numbered. */
  input(p: KvInput): KvIdInput {
    const { kind, keyIndex } = p;
    if (kind !== APPEND) return { kind, keyIndex, valueId: this.id(p.value), append: undefined };
    const append = { suffix: p.value, pow: p.pow, appendId: this.appends++ };
    return { kind, keyIndex, valueId: 0, append };
  }

  /** The value id after `op` on a key whose value id is `cur`, or ILLEGAL (a get of another). */
  step(cur: number, op: KvIdInput): number | Illegal {
    if (op.kind === GET) return cur === op.valueId ? cur : ILLEGAL;
    if (op.append === undefined) return op.valueId;
    return op.append.suffix.n === 0 ? cur : this.appended(cur, op.append);
  }

  /** The id of value `id` with `a`'s suffix appended. */
  appended(id: number, a: KvAppend): number {
    const memo = this.memo;
    const mask = memo.length / MEMO_STRIDE - 1;
    let i = memoSlot(id, a.appendId) & mask;
    for (;;) {
      const at = i * MEMO_STRIDE;
      const v = memo[at] as number;
      if (v === -1) break;
      if (v === id && memo[at + 1] === a.appendId) return memo[at + 2] as number;
      i = (i + 1) & mask;
    }
    const s = a.suffix;
    const h = this.h[id] as number;
    const result = this.id({
      s: (this.strings[id] as string) + s.s,
      h: (Math.imul(h, a.pow) + s.h) | 0,
      n: (this.n[id] as number) + s.n,
    });
    const at = i * MEMO_STRIDE;
    memo[at] = id;
    memo[at + 1] = a.appendId;
    memo[at + 2] = result;
    if (++this.memoCount * 2 > mask) this.growMemo();
    return result;
  }

  private grow(): void {
    const cap = this.h.length * 2;
    const widen = (a: Int32Array): Int32Array<ArrayBuffer> => {
      const b = new Int32Array(cap);
      b.set(a);
      return b;
    };
    this.h = widen(this.h);
    this.n = widen(this.n);
    this.mixed = widen(this.mixed);
    this.chains.grow(cap, this.size - 1, this.mixed);
  }

  private growMemo(): void {
    const old = this.memo;
    const memo = new Int32Array(old.length * 2).fill(-1);
    const mask = memo.length / MEMO_STRIDE - 1;
    for (let at = 0; at < old.length; at += MEMO_STRIDE) {
      const id = old[at] as number;
      if (id === -1) continue;
      const appendId = old[at + 1] as number;
      let i = memoSlot(id, appendId) & mask;
      while (memo[i * MEMO_STRIDE] !== -1) i = (i + 1) & mask;
      memo.set(old.subarray(at, at + MEMO_STRIDE), i * MEMO_STRIDE);
    }
    this.memo = memo;
  }
}
