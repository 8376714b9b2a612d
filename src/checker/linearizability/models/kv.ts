/**
 * kv, after Porcupine's kvModel: a key-value map checked per key (P-compositionality), on the
 * ops of kvOps.ts. A key's state is its value (`KvValue`: the string with its hash), built by
 * concatenation and compared by hash and length first. Interning the values as kv-single
 * does (KvValueTable) made this model slower: a key's search meets a new value at almost
 * every step, so a table of them only grows.
 */
import { defineModel, ILLEGAL, type CompletedOp, type Model } from '../model.js';
import { GET, PUT, prepare, valueHash, type KvInput, type KvValue } from './kvOps.js';

const EMPTY: KvValue = { s: '', h: 0, n: 0 };

function sameValue(a: KvValue, b: KvValue): boolean {
  return a === b || (a.h === b.h && a.n === b.n && a.s === b.s);
}

function applyTo(cur: KvValue, op: KvInput): KvValue | typeof ILLEGAL {
  if (op.kind === GET) return sameValue(cur, op.value) ? cur : ILLEGAL;
  if (op.kind === PUT) return op.value;
  const v = op.value;
  if (v.n === 0) return cur;
  return { s: cur.s + v.s, h: (Math.imul(cur.h, op.pow) + v.h) | 0, n: cur.n + v.n };
}

// the model's functions, made once (not per check, so the search's call sites stay monomorphic)
const init = (): KvValue => EMPTY;
const onlyKey = (): number => 0;
const input = (op: CompletedOp): KvInput | undefined => prepare('kv', onlyKey, op);
const keyOf = (op: CompletedOp): string => op.key ?? '';
const describe = (s: KvValue): string => JSON.stringify(s.s);

/** kvModel: one key's value, checked per key. */
export function kvModel(): Model<KvValue, KvInput> {
  return defineModel<KvValue, KvInput>({
    name: 'kv',
    init,
    input,
    step: applyTo,
    equal: sameValue,
    hash: valueHash,
    partition: keyOf,
    describe,
  });
}
