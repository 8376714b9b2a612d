/**
 * kv-single, after Porcupine's kvNoPartitionModel: the key-value map of kvOps.ts checked as one
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
import { prepare } from './kvOps.js';
import { KvStateTable } from './kvStateTable.js';
import { KvValueTable, type KvIdInput } from './kvValueTable.js';

/** The part of a state's hash that key `k` holding value id `v` contributes (0 for ""). */
function slotHash(values: KvValueTable, k: number, v: number): number {
  return v === 0 ? 0 : mix32(Math.imul(k + 1, 0x9e3779b1) ^ values.hash(v));
}

/** kvNoPartitionModel: the whole map checked as one history. */
export function kvSingleModel(): Model<number, KvIdInput> {
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
  const table = (): KvStateTable => (states ??= new KvStateTable(keyNames.length));
  return defineModel<number, KvIdInput>({
    name: 'kv-single',
    init: () => {
      table();
      return 0;
    },
    input(op) {
      const p = prepare('kv-single', keyIndex, op);
      return p === undefined ? undefined : values.input(p);
    },
    step(s, op) {
      const t = states ?? table();
      const k = op.keyIndex;
      const cur = t.value(s, k);
      const next = values.step(cur, op);
      if (next === ILLEGAL || next === cur) return next === ILLEGAL ? ILLEGAL : s;
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
