import { Int32Column } from '../opTable.js';

/** Integers below this are interned through a column, not a Map. */
const SMALL = 1 << 26;

/** Maps values to small integer ids by deep (JSON) equality; id 0 is nil. */
export class Interner {
  /** Ids of small non-negative integers (redcheck's own values), 0 = not yet seen. */
  private readonly small = new Int32Column();
  /** Other numbers and strings by value (no key string to build). */
  private readonly numbers = new Map<number, number>();
  private readonly strings = new Map<string, number>();
  /** Anything else by its JSON text. */
  private readonly others = new Map<string, number>();
  private readonly values: unknown[] = [null];

  /** The id of `v`; `null` and `undefined` are 0. */
  id(v: unknown): number {
    if (v === null || v === undefined) return 0;
    if (typeof v === 'number') {
      if (v >= 0 && v < SMALL && Number.isInteger(v)) return this.smallId(v);
      return this.lookup(this.numbers, v, v);
    }
    if (typeof v === 'string') return this.lookup(this.strings, v, v);
    return this.lookup(this.others, JSON.stringify(v), v);
  }

  private smallId(v: number): number {
    let id = this.small.get(v);
    if (id === 0) {
      id = this.values.length;
      this.values.push(v);
      this.small.set(v, id);
    }
    return id;
  }

  private lookup<K>(map: Map<K, number>, k: K, v: unknown): number {
    let id = map.get(k);
    if (id === undefined) {
      id = this.values.length;
      this.values.push(v);
      map.set(k, id);
    }
    return id;
  }

  /** The value of an id. */
  value(id: number): unknown {
    return this.values[id];
  }
}
