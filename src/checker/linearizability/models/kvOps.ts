/**
 * The ops of the key-value models (kv.ts, kvSingle.ts), after Porcupine's kvModel and
 * kvNoPartitionModel: `get k -> v` (a missing key reads as ""), `put k v`, `append k v`, each
 * prepared once from the history with its value's hash (see KvValue).
 */
import { mix32 } from '../hash.js';
import type { CompletedOp } from '../model.js';
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

/** The value of a string, with its hash. */
export function kvValue(s: string): KvValue {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (Math.imul(h, BASE) + s.charCodeAt(i)) | 0;
  return { s, h, n: s.length };
}

/** BASE^n mod 2^32: what a value's hash is multiplied by when n characters are appended. */
function basePow(n: number): number {
  let p = 1;
  for (let i = 0; i < n; i++) p = Math.imul(p, BASE);
  return p;
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
