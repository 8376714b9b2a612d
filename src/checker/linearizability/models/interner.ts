/** Maps values to small integer ids by deep (JSON) equality; id 0 is nil. */
export class Interner {
  private readonly ids = new Map<string, number>();
  private readonly values: unknown[] = [null];

  /** The id of `v`; `null` and `undefined` are 0. */
  id(v: unknown): number {
    if (v === null || v === undefined) return 0;
    const k = typeof v === 'string' ? `s${v}` : `j${JSON.stringify(v)}`;
    let id = this.ids.get(k);
    if (id === undefined) {
      id = this.values.length;
      this.values.push(v);
      this.ids.set(k, id);
    }
    return id;
  }

  /** The value of an id. */
  value(id: number): unknown {
    return this.values[id];
  }
}
