/**
 * Key-value models after Porcupine's kvModel and kvNoPartitionModel: `get k -> v` (a missing
 * key reads as ""), `put k v`, `append k v`. Values carry an incremental hash (see KvValue).
 *
 * - `kv`: checked per key (P-compositionality); the state is the key's value.
 * - `kv-single`: the whole map checked as one history (kvNoPartitionModel); the state is the
 *   vector of values, one per key, with an incrementally maintained hash.
 */
import { mix32 } from '../hash.js';
import { defineModel, ILLEGAL, type CompletedOp, type Model } from '../model.js';
import { invalidOp } from './invalidOp.js';

const GET = 0;
const PUT = 1;
const APPEND = 2;

/**
 * A string value with a polynomial hash (mod 2^32) and its length, so that an append computes
 * the new hash in O(1) and equality usually needs no string comparison. The string itself is
 * built by concatenation (a rope in V8) and compared only when hash and length agree.
 */
export interface KvValue {
  readonly s: string;
  readonly h: number;
  readonly n: number;
}

const BASE = 0x01000193;
const EMPTY: KvValue = { s: '', h: 0, n: 0 };

function kvValue(s: string): KvValue {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (Math.imul(h, BASE) + s.charCodeAt(i)) | 0;
  return { s, h, n: s.length };
}

function basePow(n: number): number {
  let p = 1;
  for (let i = 0; i < n; i++) p = Math.imul(p, BASE);
  return p;
}

function sameValue(a: KvValue, b: KvValue): boolean {
  return a === b || (a.h === b.h && a.n === b.n && a.s === b.s);
}

function valueHash(v: KvValue): number {
  return mix32(v.h ^ Math.imul(v.n, 0x9e3779b1));
}

/** A prepared kv op: kind, the key's index, the value (put), expected value (get) or suffix (append). */
export interface KvInput {
  readonly kind: number;
  readonly keyIndex: number;
  readonly value: KvValue;
  /** BASE^(suffix length), for appends. */
  readonly pow: number;
}

function asText(model: string, op: CompletedOp, v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return String(v);
  throw invalidOp(model, op, 'a string value');
}

function prepare(
  model: string,
  keyIndex: (k: string) => number,
  op: CompletedOp,
): KvInput | undefined {
  if (op.status === 'fail') return undefined;
  const k = keyIndex(op.key ?? '');
  switch (op.f) {
    case 'get':
    case 'read':
      if (op.status !== 'ok') return undefined;
      return { kind: GET, keyIndex: k, value: kvValue(asText(model, op, op.output)), pow: 1 };
    case 'put':
    case 'write':
      return {
        kind: PUT,
        keyIndex: k,
        value: kvValue(asText(model, op, op.input ?? op.output)),
        pow: 1,
      };
    case 'append': {
      const value = kvValue(asText(model, op, op.input ?? op.output));
      return { kind: APPEND, keyIndex: k, value, pow: basePow(value.n) };
    }
    default:
      throw invalidOp(model, op, 'f get, put or append');
  }
}

function applyTo(cur: KvValue, op: KvInput): KvValue | typeof ILLEGAL {
  if (op.kind === GET) return sameValue(cur, op.value) ? cur : ILLEGAL;
  if (op.kind === PUT) return op.value;
  const v = op.value;
  if (v.n === 0) return cur;
  return { s: cur.s + v.s, h: (Math.imul(cur.h, op.pow) + v.h) | 0, n: cur.n + v.n };
}

/** kvModel: one key's value, checked per key. */
export function kvModel(): Model<KvValue, KvInput> {
  return defineModel<KvValue, KvInput>({
    name: 'kv',
    init: () => EMPTY,
    input: (op) => prepare('kv', () => 0, op),
    step: applyTo,
    equal: sameValue,
    hash: valueHash,
    partition: (op) => op.key ?? '',
    describe: (s) => JSON.stringify(s.s),
  });
}

/** A whole-map state: value per key index (missing = ""), and its hash. */
export interface KvMapState {
  readonly v: readonly KvValue[];
  readonly h: number;
}

function slotHash(k: number, v: KvValue): number {
  return v.n === 0 ? 0 : mix32(Math.imul(k + 1, 0x9e3779b1) ^ valueHash(v));
}

/** kvNoPartitionModel: the whole map checked as one history. */
export function kvSingleModel(): Model<KvMapState, KvInput> {
  const keys = new Map<string, number>();
  const keyNames: string[] = [];
  const keyIndex = (k: string): number => {
    let i = keys.get(k);
    if (i === undefined) {
      i = keyNames.length;
      keyNames.push(k);
      keys.set(k, i);
    }
    return i;
  };
  return defineModel<KvMapState, KvInput>({
    name: 'kv-single',
    init: () => ({ v: [], h: 0 }),
    input: (op) => prepare('kv-single', keyIndex, op),
    step(state, op) {
      const k = op.keyIndex;
      const cur = state.v[k] ?? EMPTY;
      const next = applyTo(cur, op);
      if (next === ILLEGAL || next === cur) return next === ILLEGAL ? ILLEGAL : state;
      const v = state.v.slice();
      while (v.length < k) v.push(EMPTY);
      v[k] = next;
      return { v, h: state.h ^ slotHash(k, cur) ^ slotHash(k, next) };
    },
    equal(a, b) {
      if (a.h !== b.h) return false;
      const n = Math.max(a.v.length, b.v.length);
      for (let i = 0; i < n; i++) if (!sameValue(a.v[i] ?? EMPTY, b.v[i] ?? EMPTY)) return false;
      return true;
    },
    hash: (s) => s.h,
    // keys in name order, whatever order the ops named them in
    describe(s) {
      const entries = s.v.flatMap((x, i) => (x.n === 0 ? [] : [[keyNames[i] ?? '', x.s] as const]));
      entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
      return `{${entries.map(([k, v]) => `${JSON.stringify(k)}: ${JSON.stringify(v)}`).join(', ')}}`;
    },
  });
}
