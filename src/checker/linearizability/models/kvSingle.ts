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
import type { CompletedOp, Illegal, InputStore, Model } from '../model.js';
import { arrayInputStore, defaultDescribeOp, ILLEGAL } from '../model.js';
import { prepare } from './kvOps.js';
import { KvStateTable } from './kvStateTable.js';
import { KvValueTable, type KvIdInput } from './kvValueTable.js';

/** The part of a state's hash that key `k` holding value id `v` contributes (0 for ""). */
function slotHash(values: KvValueTable, k: number, v: number): number {
  return v === 0 ? 0 : mix32(Math.imul(k + 1, 0x9e3779b1) ^ values.hash(v));
}

/**
 * The model's state: its keys, values and maps. A class, so that its functions are made once
 * (on the prototype), not with each model: a model is made for each check, and functions made
 * with it would be new at the search's call sites every check.
 */
class KvSingle implements Model<number, KvIdInput> {
  readonly name = 'kv-single';
  readonly idStates = true;
  private readonly keys = new Map<string, number>();
  private readonly keyNames: string[] = [];
  private readonly values = new KvValueTable();
  private states: KvStateTable | undefined;
  private readonly keyIndex = (k: string): number => {
    let i = this.keys.get(k);
    if (i === undefined) {
      i = this.keyNames.length;
      this.keyNames.push(k);
      this.keys.set(k, i);
    }
    return i;
  };

  private table(): KvStateTable {
    return (this.states ??= new KvStateTable(this.keyNames.length));
  }

  init(): number {
    this.table();
    return 0;
  }

  input(op: CompletedOp): KvIdInput | undefined {
    const p = prepare('kv-single', this.keyIndex, op);
    return p === undefined ? undefined : this.values.input(p);
  }

  step(s: number, op: KvIdInput): number | Illegal {
    const t = this.states ?? this.table();
    const values = this.values;
    const k = op.keyIndex;
    const cur = t.value(s, k);
    const next = values.step(cur, op);
    if (next === ILLEGAL || next === cur) return next === ILLEGAL ? ILLEGAL : s;
    const h = t.hash(s) ^ slotHash(values, k, cur) ^ slotHash(values, k, next);
    return t.with(s, k, next, h);
  }

  equal(a: number, b: number): boolean {
    return a === b;
  }

  hash(s: number): number {
    return s;
  }

  partition(): string {
    return '';
  }

  bytes(): number {
    return this.values.bytes + (this.states?.bytes ?? 0);
  }

  /** Keys in name order, whatever order the ops named them in. */
  describe(s: number): string {
    const t = this.table();
    const entries = this.keyNames.flatMap((name, k) => {
      const v = t.value(s, k);
      return v === 0 ? [] : [[name, this.values.string(v)] as const];
    });
    entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}: ${JSON.stringify(v)}`).join(', ')}}`;
  }

  describeOp(op: CompletedOp): string {
    return defaultDescribeOp(op);
  }

  inputStore(): InputStore<KvIdInput> {
    return arrayInputStore();
  }
}

/** kvNoPartitionModel: the whole map checked as one history. */
export function kvSingleModel(): Model<number, KvIdInput> {
  return new KvSingle();
}
