/**
 * The longest linearizable prefixes a search has found: up to `keep` of the greatest depth,
 * with distinct op sets. The search notes its stack each time it reaches the greatest depth,
 * which on a long history is nearly every push; copying the whole stack each time would cost
 * O(ops) per push. Instead each kept prefix is a slot that remembers how low the stack has been
 * since the slot was written (`lowWater`): the stack below that is unchanged, so a new note
 * copies only the part above it. Over a search the copying is O(pushes x keep).
 */
export class LongestPrefixes {
  /** Length of the longest prefixes. */
  depth = 0;
  private count = 0;
  private readonly hashes: number[] = [];
  /** Each slot: a copy of the search stack; valid up to `depth`. */
  private readonly slots: Int32Array[] = [];
  /** For each slot, the lowest stack depth since it was written. */
  private readonly lowWater: number[] = [];

  constructor(
    /** How many prefixes to keep (0: only the depth). */
    private readonly keep: number,
    /** Greatest possible depth (the number of ops). */
    private readonly maxOps: number,
  ) {}

  /** Bytes held by the copies. */
  get bytes(): number {
    return this.slots.reduce((sum, s) => sum + s.byteLength, 0);
  }

  /**
   * Notes the search stack `stack[0 .. depth)`, whose op set has hash `setHash`, if it is at
   * least as deep as the longest. `lowSince` is the lowest depth the stack has had since the
   * previous call: entries below it are unchanged.
   */
  note(stack: Int32Array, depth: number, setHash: number, lowSince: number): void {
    for (let k = 0; k < this.slots.length; k++)
      this.lowWater[k] = Math.min(this.lowWater[k] as number, lowSince);
    if (depth > this.depth) {
      this.depth = depth;
      this.count = 0;
      this.hashes.length = 0;
    } else if (depth < this.depth || this.count >= this.keep || this.hashes.includes(setHash)) {
      return;
    }
    this.hashes.push(setHash);
    if (this.keep === 0) return;
    const k = this.count++;
    if (k === this.slots.length) {
      this.slots.push(new Int32Array(this.maxOps));
      this.lowWater.push(0);
    }
    const slot = this.slots[k] as Int32Array;
    const from = this.lowWater[k] as number;
    slot.set(stack.subarray(from, depth), from);
    this.lowWater[k] = depth;
  }

  /** The kept prefixes, each a copy of the stack mapped by `item` (e.g. to op indices). */
  prefixes(item: (stackItem: number) => number): number[][] {
    return this.slots.slice(0, this.count).map((s) => Array.from(s.subarray(0, this.depth), item));
  }
}
