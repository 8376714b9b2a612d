/**
 * kv-single, after Porcupine's kvNoPartitionModel: the key-value map of kv.ts checked as one
 * history (no partition by key), so the search runs over whole-map states.
 *
 * A state is a small integer: each distinct map gets an id (`KvStateTable`, a vector of value
 * ids, `KvValueTable`), as a register's state is its interned value. A step reads one value id
 * and, for a put or an append, finds the id of the changed map by its hash; an append seen
 * before on the same value is remembered. The search thus allocates nothing per step once the
 * states it meets exist, and compares and caches integers: on Porcupine's kv histories it
 * steps 1.4 M times among fewer than 0.1 M distinct maps.
 */
import { mix32 } from '../hash.js';
import { defineModel, ILLEGAL, type Model } from '../model.js';
import { APPEND, GET, prepare } from './kv.js';
import { KvStateTable } from './kvStateTable.js';
import { KvValueTable, type KvAppend } from './kvValueTable.js';

/** A prepared kv-single op: kind, the key's index, the value id (get, put) or the append. */
export interface KvSingleInput {
  readonly kind: number;
  readonly keyIndex: number;
  /** The value read (get) or written (put); 0 for an append. */
  readonly valueId: number;
  /** The suffix of an append. */
  readonly append: KvAppend | undefined;
}

/** The part of a state's hash that key `k` holding value id `v` contributes (0 for ""). */
function slotHash(values: KvValueTable, k: number, v: number): number {
  return v === 0 ? 0 : mix32(Math.imul(k + 1, 0x9e3779b1) ^ values.hash(v));
}

/** kvNoPartitionModel: the whole map checked as one history. */
export function kvSingleModel(): Model<number, KvSingleInput> {
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
  const values = new KvValueTable();
  let states: KvStateTable | undefined;
  let appends = 0;
  const table = (): KvStateTable => (states ??= new KvStateTable(keyNames.length));
  return defineModel<number, KvSingleInput>({
    name: 'kv-single',
    init: () => {
      table();
      return 0;
    },
    input(op) {
      const p = prepare('kv-single', keyIndex, op);
      if (p === undefined) return undefined;
      if (p.kind !== APPEND)
        return {
          kind: p.kind,
          keyIndex: p.keyIndex,
          valueId: values.id(p.value),
          append: undefined,
        };
      const append = { suffix: p.value, pow: p.pow, appendId: appends++ };
      return { kind: APPEND, keyIndex: p.keyIndex, valueId: 0, append };
    },
    step(s, op) {
      const t = states ?? table();
      const k = op.keyIndex;
      const cur = t.value(s, k);
      let next: number;
      if (op.kind === GET) return cur === op.valueId ? s : ILLEGAL;
      else if (op.append === undefined) next = op.valueId;
      else if (op.append.suffix.n === 0) return s;
      else next = values.appended(cur, op.append);
      if (next === cur) return s;
      const h = t.hash(s) ^ slotHash(values, k, cur) ^ slotHash(values, k, next);
      return t.with(s, k, next, h);
    },
    hash: (s) => s,
    idStates: true,
    bytes: () => values.bytes + (states?.bytes ?? 0),
    // keys in name order, whatever order the ops named them in
    describe(s) {
      const t = table();
      const entries = keyNames.flatMap((name, k) => {
        const v = t.value(s, k);
        return v === 0 ? [] : [[name, values.string(v)] as const];
      });
      entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
      return `{${entries.map(([k, v]) => `${JSON.stringify(k)}: ${JSON.stringify(v)}`).join(', ')}}`;
    },
  });
}
