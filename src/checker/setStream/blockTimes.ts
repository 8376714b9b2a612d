/** Rows a block shares one base time over. */
const BLOCK_SHIFT = 10;
/** An offset that says "the time is in `exact`". */
const EXACT = 0xffff_ffff;

/**
 * A fixed number of times (ns), about 4 bytes each instead of 8, read back exactly: each block
 * of 1,024 rows keeps its first time as a base, and every row its offset from that base when
 * the offset is a whole number of ns below 2^32 (4.3 s), as it is for a history's rows written
 * in time order. Any other time (earlier than its block's first, 4.3 s or more after it, or
 * not a whole number) is kept as it is in a map beside.
 */
export class BlockTimes {
  private readonly base: Float64Array;
  private readonly offset: Uint32Array;
  private readonly exact = new Map<number, number>();
  private rows = 0;

  constructor(readonly capacity: number) {
    this.base = new Float64Array(Math.ceil(capacity / (1 << BLOCK_SHIFT)));
    this.offset = new Uint32Array(capacity);
  }

  /** Number of times pushed. */
  get length(): number {
    return this.rows;
  }

  /** Append `t`; ignored past `capacity`. */
  push(t: number): void {
    if (this.rows >= this.capacity) return;
    const i = this.rows++;
    const block = i >> BLOCK_SHIFT;
    if ((i & ((1 << BLOCK_SHIFT) - 1)) === 0) this.base[block] = t;
    const d = t - (this.base[block] as number);
    if (Number.isInteger(d) && d >= 0 && d < EXACT && (this.base[block] as number) + d === t) {
      this.offset[i] = d;
    } else {
      this.offset[i] = EXACT;
      this.exact.set(i, t);
    }
  }

  /** The time of row `i` (below `length`), exactly as pushed. */
  at(i: number): number {
    const d = this.offset[i] as number;
    if (d === EXACT) return this.exact.get(i) as number;
    return (this.base[i >> BLOCK_SHIFT] as number) + d;
  }

  /** Bytes held, the map's rows counted at 16 bytes. */
  get bytes(): number {
    return this.base.byteLength + this.offset.byteLength + 16 * this.exact.size;
  }
}
