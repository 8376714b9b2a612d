/**
 * Hash chains over small integer ids (0, 1, 2, ...), for the tables that intern kv-single's
 * values and states: the ids whose hash falls in one slot, linked through a typed array.
 * Twice as many slots as ids, so a chain is short; `grow` relinks every id.
 */
export class IdChains {
  private chain = new Int32Array(64).fill(-1);
  private heads = new Int32Array(128).fill(-1);

  /** Bytes held. */
  get bytes(): number {
    return this.chain.byteLength + this.heads.byteLength;
  }

  /** The last id linked with a hash in `hash`'s slot, or -1. */
  first(hash: number): number {
    return this.heads[hash & (this.heads.length - 1)] as number;
  }

  /** The id linked before `id` in its slot, or -1. */
  next(id: number): number {
    return this.chain[id] as number;
  }

  /** Links `id` (below the room made by `grow`) under `hash`. */
  link(id: number, hash: number): void {
    const slot = hash & (this.heads.length - 1);
    this.chain[id] = this.heads[slot] as number;
    this.heads[slot] = id;
  }

  /** Room for `capacity` ids; ids below `count` are linked again under `hashOf[id]`. */
  grow(capacity: number, count: number, hashOf: Int32Array): void {
    this.chain = new Int32Array(capacity).fill(-1);
    this.heads = new Int32Array(capacity * 2).fill(-1);
    for (let id = 0; id < count; id++) this.link(id, hashOf[id] as number);
  }
}
