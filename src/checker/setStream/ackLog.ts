import { closeSync, openSync, readSync, unlinkSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RedcheckError, errorMessage } from '../../errors.js';

/** What an acknowledged add needs of its invoke and completion to be listed as lost. */
export type AckHandler = (
  element: number,
  process: number,
  invokeTime: number,
  doneTime: number,
  node: string | undefined,
) => void;

/** Records a block holds before it goes to the file (about 1.4 MB). */
const BLOCK_RECORDS = 1 << 16;
/** Bytes a record: invoke time 8, element 4, process 4, completion offset 4, node 2. */
const RECORD_BYTES = 22;
/** A process slot that says "the process is in `exact`". */
const EXACT_PROCESS = -0x8000_0000;
/** A completion offset that says "the completion time is in `exact`". */
const EXACT_DONE = 0xffff_ffff;
/** Node slots: none, and "the node is in `exact`". */
const NO_NODE = 0xffff;
const EXACT_NODE = 0xfffe;

/** One block's columns over one buffer (the order is the file's). */
class Block {
  readonly bytes: Uint8Array;
  readonly invoke: Float64Array;
  readonly element: Int32Array;
  readonly process: Int32Array;
  readonly done: Uint32Array;
  readonly node: Uint16Array;

  constructor(readonly records: number) {
    const buf = new ArrayBuffer(records * RECORD_BYTES);
    let at = 0;
    const next = (bytesEach: number): number => {
      const start = at;
      at += records * bytesEach;
      return start;
    };
    this.bytes = new Uint8Array(buf);
    this.invoke = new Float64Array(buf, next(8), records);
    this.element = new Int32Array(buf, next(4), records);
    this.process = new Int32Array(buf, next(4), records);
    this.done = new Uint32Array(buf, next(4), records);
    this.node = new Uint16Array(buf, next(2), records);
  }
}

/**
 * The acknowledged adds of a history's first reading, in the order they completed, kept on
 * disk rather than in memory (22 bytes each): the set check knows which writes were lost only
 * after the final reads at the history's end, and then replays these instead of reading the
 * whole history a second time. One block is held in memory; the full ones go to a scratch
 * file beside the history (or in the system's temporary folder), unlinked as soon as it is
 * opened, so nothing is left behind even when the process is killed. A history whose adds fit
 * in one block never touches the disk. The rare values the columns cannot hold (a process
 * that is not a 32-bit integer, a completion earlier than its invoke, 4.3 s or more after it,
 * or not a whole number of ns, more than 65,533 nodes) are kept exactly in a map beside.
 */
export class AckLog {
  private readonly block: Block;
  private filled = 0;
  private written = 0;
  private fd: number | undefined;
  /** The scratch file's path while the system would not unlink it open. */
  private path: string | undefined;
  private readonly nodes: string[] = [];
  private readonly nodeIds = new Map<string, number>();
  private readonly exact = new Map<number, { process?: number; done?: number; node?: string }>();

  constructor(
    /** Where the scratch file goes first (the history's folder). */
    private readonly dir: string = tmpdir(),
    blockRecords = BLOCK_RECORDS,
  ) {
    this.block = new Block(blockRecords);
  }

  /** Number of adds recorded. */
  get length(): number {
    return this.written * this.block.records + this.filled;
  }

  add(
    element: number,
    process: number,
    invokeTime: number,
    doneTime: number,
    node: string | undefined,
  ): void {
    const b = this.block;
    const i = this.filled;
    const n = this.length;
    b.invoke[i] = invokeTime;
    b.element[i] = element;
    // -0 passes `=== (p | 0)` but would come back as 0: it goes to `exact` too.
    if (process === (process | 0) && process !== EXACT_PROCESS && !Object.is(process, -0)) {
      b.process[i] = process;
    } else {
      b.process[i] = EXACT_PROCESS;
      this.exactOf(n).process = process;
    }
    const d = doneTime - invokeTime;
    if (Number.isInteger(d) && d >= 0 && d < EXACT_DONE && invokeTime + d === doneTime) {
      b.done[i] = d;
    } else {
      b.done[i] = EXACT_DONE;
      this.exactOf(n).done = doneTime;
    }
    b.node[i] = node === undefined ? NO_NODE : this.nodeSlot(node, n);
    if (++this.filled === b.records) this.flush();
  }

  /** Every add, in the order recorded; then the scratch file is closed. */
  replay(fn: AckHandler): void {
    const b = this.block;
    const last = this.filled;
    if (this.fd !== undefined) {
      // The partial block is set aside while the buffer takes each full one back.
      const tail = b.bytes.slice();
      for (let k = 0; k < this.written; k++) {
        this.read(k, b.bytes);
        this.each(b, k * b.records, b.records, fn);
      }
      b.bytes.set(tail);
    }
    this.each(b, this.written * b.records, last, fn);
    this.close();
  }

  /** Let the scratch file go (it was unlinked when opened; this frees its space). */
  close(): void {
    if (this.fd === undefined) return;
    const fd = this.fd;
    this.fd = undefined;
    try {
      closeSync(fd);
      if (this.path !== undefined) unlinkSync(this.path);
    } catch {
      // A scratch file only: nothing is lost if it cannot be let go.
    }
    this.path = undefined;
  }

  private each(b: Block, first: number, count: number, fn: AckHandler): void {
    const exact = this.exact;
    for (let i = 0; i < count; i++) {
      const p = b.process[i] as number;
      const d = b.done[i] as number;
      const nodeSlot = b.node[i] as number;
      const x = p === EXACT_PROCESS || d === EXACT_DONE || nodeSlot === EXACT_NODE;
      const e = x ? exact.get(first + i) : undefined;
      const invoke = b.invoke[i] as number;
      fn(
        b.element[i] as number,
        e?.process ?? p,
        invoke,
        d === EXACT_DONE ? (e?.done as number) : invoke + d,
        nodeSlot === NO_NODE ? undefined : nodeSlot === EXACT_NODE ? e?.node : this.nodes[nodeSlot],
      );
    }
  }

  private exactOf(n: number): { process?: number; done?: number; node?: string } {
    let e = this.exact.get(n);
    if (e === undefined) this.exact.set(n, (e = {}));
    return e;
  }

  private nodeSlot(node: string, n: number): number {
    const id = this.nodeIds.get(node);
    if (id !== undefined) return id;
    if (this.nodes.length < EXACT_NODE) {
      this.nodeIds.set(node, this.nodes.length);
      this.nodes.push(node);
      return this.nodes.length - 1;
    }
    this.exactOf(n).node = node;
    return EXACT_NODE;
  }

  private flush(): void {
    const fd = (this.fd ??= this.open());
    const bytes = this.block.bytes;
    const at = this.written * bytes.length;
    try {
      for (let done = 0; done < bytes.length;) {
        done += writeSync(fd, bytes, done, bytes.length - done, at + done);
      }
    } catch (e) {
      this.close();
      throw scratchError(`could not write the set check's scratch file: ${errorMessage(e)}`);
    }
    this.written++;
    this.filled = 0;
  }

  private read(k: number, into: Uint8Array): void {
    const fd = this.fd as number;
    const at = k * into.length;
    for (let done = 0; done < into.length;) {
      const got = readSync(fd, into, done, into.length - done, at + done);
      if (got === 0) throw scratchError('the set check scratch file ended early');
      done += got;
    }
  }

  /** A new file in `dir`, or else in the temporary folder, unlinked at once. */
  private open(): number {
    const name = `.redcheck-acks-${process.pid}-${Math.random().toString(36).slice(2)}.tmp`;
    let lastError: unknown;
    for (const dir of new Set([this.dir, tmpdir()])) {
      const path = join(dir, name);
      let fd: number;
      try {
        fd = openSync(path, 'wx+', 0o600);
      } catch (e) {
        lastError = e;
        continue;
      }
      try {
        unlinkSync(path);
      } catch {
        this.path = path; // unlinked when closed instead
      }
      return fd;
    }
    throw scratchError(
      `could not create the set check's scratch file in ${this.dir} or ${tmpdir()}: ${errorMessage(lastError)}`,
    );
  }
}

function scratchError(message: string): RedcheckError {
  return new RedcheckError(
    'E_CHECK_SCRATCH',
    message,
    'the set check keeps its acknowledged writes on disk beside the history (22 bytes each); free some space there or in the temporary folder (TMPDIR), then check the run again with `redcheck check <run-dir>`',
  );
}
