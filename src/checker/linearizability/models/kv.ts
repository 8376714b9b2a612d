/**
 * Key-value models after Porcupine's kvModel and kvNoPartitionModel: `get k -> v` (a missing
 * key reads as ""), `put k v`, `append k v`. Values carry an incremental hash (see KvValue).
 *
 * - `kv`: checked per key (P-compositionality); the state is the key's value.
 * - `kv-single` (kvSingle.ts): the whole map checked as one history (kvNoPartitionModel), on
 *   the ops this file prepares.
 */
import { mix32 } from '../hash.js';
import { defineModel, ILLEGAL, type CompletedOp, type Model } from '../model.js';
import { invalidOp } from './invalidOp.js';

/** `KvInput.kind`: a get that read `value`. */
export const GET = 0;
/** `KvInput.kind`: a put of `value`. */
export const PUT = 1;
/** `KvInput.kind`: an append of `value`. */
export const APPEND = 2;

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

/** The value of a string, with its hash. */
export function kvValue(s: string): KvValue {
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

/** A 32-bit hash of a value (its polynomial hash and its length, mixed). */
export function valueHash(v: KvValue): number {
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

/** The prepared input of an op, or undefined for an op that did not happen or says nothing. */
export function prepare(
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
