import { giveBuffer, takeBuffer } from './bufferPool.js';

/**
 * Several Int32Arrays carved out of one ArrayBuffer. A search needs a dozen per-op arrays;
 * each typed array of its own is an allocation outside the JS heap, and V8 answers such an
 * allocation with a young-generation collection while the dead buffers of an earlier large
 * check are still counted ("external memory pressure"): a small check that allocated a dozen
 * buffers after a large one paid for several collections. One buffer per search makes that one.
 */
export class Int32Slab {
  private buffer: ArrayBuffer | undefined;
  private used = 0;

  /** A slab of `words` 32-bit words, zeroed; the arrays taken from it must fit in it. */
  constructor(readonly words: number) {
    this.buffer = takeBuffer(words * 4);
  }

  /**
   * Gives the slab's buffer back to the pool (see bufferPool.ts). The arrays taken from it must
   * not be used afterwards; a second call does nothing.
   */
  release(): void {
    if (this.buffer !== undefined) giveBuffer(this.buffer);
    this.buffer = undefined;
  }

  /** The next `n` words, as a zeroed Int32Array of its own (a view into the slab). */
  take(n: number): Int32Array {
    if (this.buffer === undefined) throw new Error('Int32Slab: taken from after release');
    if (this.used + n > this.words)
      throw new Error(`Int32Slab: ${n} words asked, ${this.words - this.used} left`);
    const a = new Int32Array(this.buffer, this.used * 4, n);
    this.used += n;
    return a;
  }
}
