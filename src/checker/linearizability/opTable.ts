/**
 * The checker's view of a history kept compactly, for histories too large to hold as op
 * objects: one row per client op (in invoke order), typed-array columns for its call, return
 * and partition, and its prepared model input in the model's `InputStore`. A register op costs
 * 21 bytes here, against a few hundred as parsed JSON.
 */
import type { InputStore } from './model.js';
import type { SearchOp } from './partitionSearch.js';

/** `part` of a row the model left out (a failed write, a read with an unknown result). */
const LEFT_OUT = -1;

/** Rows per chunk of a column: 2^16, so a column wastes at most one chunk. */
const CHUNK_BITS = 16;
const CHUNK_ROWS = 1 << CHUNK_BITS;
const CHUNK_MASK = CHUNK_ROWS - 1;

/** Entries of a chunk when first made: a column of a few rows (a small check) stays small. */
const FIRST_ROWS = 64;

/**
 * A column of numbers by row, in typed-array chunks of up to 2^16 rows: full chunks are never
 * copied, so a column of n rows takes n entries and one partly used chunk (a chunk grows by
 * doubling from 64 rows until full); rows never set read as 0.
 */
class Column<T extends Int32Array | Uint8Array> {
  private readonly chunks: T[] = [];

  constructor(private readonly make: (n: number) => T) {}

  set(row: number, v: number): void {
    // chunks are made as rows reach them: a column of sparse rows stays small
    const c = row >>> CHUNK_BITS;
    const at = row & CHUNK_MASK;
    let chunk = this.chunks[c];
    if (chunk === undefined || at >= chunk.length) chunk = this.grow(c, chunk, at);
    chunk[at] = v;
  }

  private grow(c: number, old: T | undefined, at: number): T {
    let size = old?.length ?? FIRST_ROWS;
    while (size <= at) size *= 2;
    const chunk = this.make(Math.min(size, CHUNK_ROWS));
    if (old !== undefined) chunk.set(old);
    this.chunks[c] = chunk;
    return chunk;
  }

  /** The value at `row`; 0 for a row never set. */
  get(row: number): number {
    return this.chunks[row >>> CHUNK_BITS]?.[row & CHUNK_MASK] ?? 0;
  }
}

/** A column of 32-bit integers by row. */
export class Int32Column extends Column<Int32Array> {
  constructor() {
    super((n) => new Int32Array(n));
  }
}

/** A column of bytes by row. */
export class Uint8Column extends Column<Uint8Array> {
  constructor() {
    super((n) => new Uint8Array(n));
  }
}

/** One partition's rows, as `OpTable.partitions` groups them. */
export interface TablePartition {
  readonly key: string;
  /** Rows of the partition, in invoke order. */
  readonly rows: Int32Array;
}

/** Client ops by row (their invoke order): call and return positions, partition, input. */
export class OpTable<I> {
  private readonly call = new Int32Column();
  private readonly ret = new Int32Column();
  private readonly part = new Int32Column();
  private readonly partIds = new Map<string, number>();
  private readonly keys: string[] = [];
  private rows = 0;

  constructor(private readonly inputs: InputStore<I>) {}

  /** Number of rows (client ops), left-out ones included. */
  get size(): number {
    return this.rows;
  }

  /** Row `row`: an op of partition `key` called at `call`, returned at `ret` (-1: never). */
  add(row: number, key: string, call: number, ret: number, input: I): void {
    let id = this.partIds.get(key);
    if (id === undefined) {
      id = this.keys.length;
      this.partIds.set(key, id);
      this.keys.push(key);
    }
    this.call.set(row, call);
    this.ret.set(row, ret);
    this.part.set(row, id);
    this.inputs.set(row, input);
    this.rows = Math.max(this.rows, row + 1);
  }

  /** Row `row` is an op the model leaves out. */
  leaveOut(row: number): void {
    this.part.set(row, LEFT_OUT);
    this.rows = Math.max(this.rows, row + 1);
  }

  /** The partitions and their rows (a counting sort by partition: 4 bytes a row). */
  partitions(): TablePartition[] {
    const parts = this.keys.length;
    const start = new Int32Array(parts + 1);
    for (let r = 0; r < this.rows; r++) {
      const p = this.part.get(r);
      if (p !== LEFT_OUT) start[p + 1] = (start[p + 1] as number) + 1;
    }
    for (let p = 0; p < parts; p++) start[p + 1] = (start[p + 1] as number) + (start[p] as number);
    const all = new Int32Array(start[parts] as number);
    const fill = start.slice(0, parts);
    for (let r = 0; r < this.rows; r++) {
      const p = this.part.get(r);
      if (p === LEFT_OUT) continue;
      all[fill[p] as number] = r;
      fill[p] = (fill[p] as number) + 1;
    }
    return this.keys.map((key, p) => ({
      key,
      rows: all.subarray(start[p] as number, start[p + 1] as number),
    }));
  }

  /** The search's view of some rows. */
  searchOps(rows: Int32Array): SearchOp<I>[] {
    const out = new Array<SearchOp<I>>(rows.length);
    for (let k = 0; k < rows.length; k++) {
      const r = rows[k] as number;
      out[k] = { call: this.call.get(r), ret: this.ret.get(r), input: this.inputs.get(r) };
    }
    return out;
  }
}
