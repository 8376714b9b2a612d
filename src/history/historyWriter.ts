import { closeSync, fsyncSync, openSync, writeSync } from 'node:fs';
import { gzip, gzipSync } from 'node:zlib';
import { errorMessage, RedcheckError } from '../errors.js';
import type { Op } from './op.js';
import { storedOp } from './opFromJson.js';
import { opLineBound, valueJsonOf, writeOpLine } from './opLineBytes.js';

/** An op as the runner hands it to the writer: everything but the index, which the writer assigns. */
export type OpInput = Omit<Op, 'index'> & { index?: number };

export interface HistoryWriterOptions {
  /**
   * Longest time appended ops stay in memory before reaching the file. Default 200 ms (gzip:
   * 1000 ms, so members are large enough to compress well), at most 1000.
   */
  flushIntervalMs?: number;
  /** Buffered bytes that trigger an immediate flush. Default 64 KiB (gzip: 1 MiB). */
  maxBufferBytes?: number;
  /** fsync on close (and on explicit `flush({ sync: true })`). Default true. */
  fsyncOnClose?: boolean;
  /**
   * Write the file gzip-compressed: each flush is one gzip member, compressed in libuv's
   * thread pool (not on the main thread) and written in order, so the file is at every moment
   * a series of complete members that `zcat` and every reader read. Default: `file` ends in `.gz`.
   */
  gzip?: boolean;
  /**
   * Called once when the file cannot be written (a full disk): the writer keeps what reached
   * the file and drops every later op; `append` does not throw for it.
   */
  onError?: (error: RedcheckError) => void;
}

/** A flushed buffer on its way to the file: compressed in the pool, written in order. */
interface Member {
  raw: Buffer;
  level: number;
  out?: Buffer;
  /** The chunk `raw` is a view of, used again once the pool has compressed it. */
  chunk?: Buffer;
}

/** Room in a chunk beyond `maxBufferBytes`, so that most lines fit before the flush. */
const CHUNK_HEADROOM = 64 * 1024;

/** Chunks kept for reuse once compressed (more are allocated while the pool lags). */
const SPARE_CHUNKS = 2;

const VALUE_NULL = '"value":null';

/**
 * The level for a run's op lines: on a set run's 3 M op lines in 1 MiB members, level 1 takes
 * 0.33-0.54 us of CPU an event and 14.7 bytes, zlib's default (6) 1.2 us and 12.3 bytes; the
 * workers' throughput is worth more than those 2.4 bytes (issue 22; issue 19 allows 25).
 */
const OP_GZIP_LEVEL = 1;

/**
 * The level for bulk lines (final-read pages, a few bytes an element): a third of level 6's
 * CPU for about 13% more bytes on those lines (measured on a set run's pages).
 */
export const BULK_GZIP_LEVEL = 2;

/**
 * Appends ops to a `history.jsonl` (or `history.jsonl.gz`) file as a run produces them.
 * Buffered, but written to the file at least every `flushIntervalMs` (<= 1 s), when the
 * buffer grows past `maxBufferBytes`, on `flush()`, on `close()`, and on process exit if the
 * caller never closed it (compressing what the pool had not yet, on the main thread), so a run
 * that crashes loses at most the last interval. The order in the file is exactly the order of
 * `append` calls.
 */
export class HistoryWriter implements AsyncDisposable {
  private fd: number | undefined;
  /**
   * Lines appended and not yet flushed, with their newlines: `chunk[0, used)`. Each op is
   * encoded straight into it (`writeOpLine`), so a line is never a string on the heap.
   */
  private chunk: Buffer;
  private used = 0;
  /** Chunks back from the pool, for the next flushes. */
  private readonly spare: Buffer[] = [];
  private nextIndex = 0;
  private readonly pending: Member[] = [];
  /** Bytes of `pending` not yet written (before compression). */
  private pendingBytes = 0;
  private idle: (() => void)[] = [];
  /** Callers of `writable()` waiting for the backlog to go under their bound. */
  private backlogWaiters: { bytes: number; resolve: () => void }[] = [];
  private failure: RedcheckError | undefined;
  private bytes = 0;
  private full = false;
  private level = OP_GZIP_LEVEL;
  private readonly timer: NodeJS.Timeout;
  private readonly onExit = (): void => this.closeSync();

  private constructor(
    /** The file being written. */
    readonly file: string,
    fd: number,
    private readonly opts: Required<Omit<HistoryWriterOptions, 'onError'>> &
      Pick<HistoryWriterOptions, 'onError'>,
  ) {
    this.fd = fd;
    this.chunk = Buffer.allocUnsafe(opts.maxBufferBytes + CHUNK_HEADROOM);
    this.timer = setInterval(() => this.flush(), opts.flushIntervalMs);
    this.timer.unref();
    process.once('exit', this.onExit);
  }

  /** Create (or truncate) `file` and return a writer for it. */
  static open(file: string, options: HistoryWriterOptions = {}): HistoryWriter {
    const compress = options.gzip ?? file.endsWith('.gz');
    const interval = options.flushIntervalMs ?? (compress ? 1000 : 200);
    if (!(interval > 0 && interval <= 1000)) {
      throw new RedcheckError(
        'E_OPTION',
        `HistoryWriter flushIntervalMs ${interval} is out of range`,
        'use a value in (0, 1000] ms',
      );
    }
    let fd: number;
    try {
      fd = openSync(file, 'w');
    } catch (e) {
      throw new RedcheckError(
        'E_HISTORY_UNWRITABLE',
        `cannot create history ${file}: ${errorMessage(e)}`,
        'check that the directory exists and is writable',
      );
    }
    return new HistoryWriter(file, fd, {
      flushIntervalMs: interval,
      maxBufferBytes: options.maxBufferBytes ?? (compress ? 1 << 20 : 1 << 16),
      fsyncOnClose: options.fsyncOnClose ?? true,
      gzip: compress,
      onError: options.onError,
    });
  }

  /** Number of ops appended so far (the index the next op gets). */
  get count(): number {
    return this.nextIndex;
  }

  /** Bytes written to the file so far (compressed, for a gzip history). */
  get bytesWritten(): number {
    return this.bytes;
  }

  /**
   * Compress what is appended from now on at zlib `level` (1-9; `BULK_GZIP_LEVEL` for bulk
   * data such as final-read pages). What was appended before keeps the level it had. No
   * effect on a plain history.
   */
  setGzipLevel(level: number): void {
    if (!(Number.isInteger(level) && level >= 1 && level <= 9)) {
      throw new RedcheckError('E_OPTION', `gzip level ${level} is out of range`, 'use 1 to 9');
    }
    this.flush();
    this.level = level;
  }

  /** Bytes flushed and waiting for compression (before it); 0 for a plain history. */
  get backlogBytes(): number {
    return this.pendingBytes;
  }

  /**
   * Resolves once what waits for compression is at most `maxBacklogBytes` (default four
   * buffers' worth): a producer faster than gzip (the final reads of a long run) awaits this
   * between its chunks, so the queue stays bounded instead of holding the run's state in memory.
   * Resolves at once for a plain history, a closed one, or one that stopped writing.
   */
  writable(maxBacklogBytes = 4 * this.opts.maxBufferBytes): Promise<void> {
    if (this.pendingBytes <= maxBacklogBytes || this.fd === undefined) return Promise.resolve();
    return new Promise((resolve) => this.backlogWaiters.push({ bytes: maxBacklogBytes, resolve }));
  }

  /** The writing stopped because the disk is full (`error` says which file). */
  get diskFull(): boolean {
    return this.full;
  }

  /** The error that stopped the writing (a full disk), if one did. */
  get error(): RedcheckError | undefined {
    return this.failure;
  }

  /**
   * Append one op; the writer assigns the next dense `index` (any given index is replaced)
   * and returns the op as recorded. Throws after `close()`.
   */
  append(op: OpInput): Op {
    const recorded = this.stored(op);
    if (this.failure === undefined) this.encode(recorded, recorded.index);
    return recorded;
  }

  /**
   * `append` without the op as recorded (no object made for it): the line is the same. Returns
   * the index the op got. Throws after `close()`.
   */
  record(op: OpInput): number {
    if (this.fd === undefined) throw this.closedError();
    const index = this.nextIndex++;
    if (this.failure === undefined) this.encode(op, index);
    return index;
  }

  /** Write `op` with `index` into the chunk (as `JSON.stringify` of the stored op would). */
  private encode(op: OpInput, index: number): void {
    const valueJson = valueJsonOf(op.value);
    const bound = opLineBound(op, valueJson);
    if (bound < 0) {
      this.pushBytes([Buffer.from(`${JSON.stringify(storedOp(op, index))}\n`)]);
      return;
    }
    if (bound > this.chunk.length - this.used) {
      this.flush();
      if (bound > this.chunk.length) {
        const own = Buffer.allocUnsafe(bound);
        this.handOut(own.subarray(0, writeOpLine(own, 0, index, op, valueJson)));
        return;
      }
    }
    this.used = writeOpLine(this.chunk, this.used, index, op, valueJson);
    if (this.used >= this.opts.maxBufferBytes) this.flush();
  }

  /**
   * Append one op whose value is the JSON `valueJson` (its parts, in order), written already
   * (a final-read page made from the reply bytes): the line is the one `append` writes for the
   * op with that value. Returns the index the op got. Throws after `close()`.
   */
  appendJsonValue(op: Omit<OpInput, 'value'>, valueJson: readonly Buffer[]): number {
    const recorded = this.stored({ ...op, value: null });
    if (this.failure !== undefined) return recorded.index;
    const line = JSON.stringify(recorded);
    // The first `"value":null` is the field: in a string a quote is escaped (`\"`).
    const at = line.indexOf(VALUE_NULL) + VALUE_NULL.length - 'null'.length;
    this.pushBytes([
      Buffer.from(line.slice(0, at)),
      ...valueJson,
      Buffer.from(`${line.slice(at + 'null'.length)}\n`),
    ]);
    return recorded.index;
  }

  /** `op` with the next index, in the stored shape; throws after `close()`. */
  private stored(op: OpInput): Op {
    if (this.fd === undefined) throw this.closedError();
    return storedOp(op, this.nextIndex++);
  }

  private closedError(): RedcheckError {
    return new RedcheckError('E_HISTORY_CLOSED', `append to closed history ${this.file}`);
  }

  /** Append the line made of `parts` (its newline included): into the chunk when it fits. */
  private pushBytes(parts: readonly Buffer[]): void {
    let bytes = 0;
    for (const p of parts) bytes += p.length;
    if (bytes > this.chunk.length - this.used) {
      this.flush();
      if (bytes > this.chunk.length) {
        this.handOut(Buffer.concat(parts, bytes));
        return;
      }
    }
    for (const p of parts) this.used += p.copy(this.chunk, this.used);
    if (this.used >= this.opts.maxBufferBytes) this.flush();
  }

  /**
   * Hand everything appended so far to the file: written at once (plain), or compressed in the
   * thread pool and written when its turn comes (gzip). `sync: true` writes everything before
   * returning (compressing on the main thread what the pool has not) and fsyncs.
   */
  flush(options: { sync?: boolean } = {}): void {
    if (this.fd === undefined) return;
    if (this.used > 0) {
      const chunk = this.chunk;
      const data = chunk.subarray(0, this.used);
      this.used = 0;
      if (!this.opts.gzip) this.write(data);
      else {
        // The pool reads the chunk until it has compressed it: the next lines go to another.
        this.chunk = this.spare.pop() ?? Buffer.allocUnsafe(chunk.length);
        this.handOut(data, chunk);
      }
    }
    if (options.sync) {
      this.drainSync();
      if (this.failure === undefined && this.fd !== undefined) fsyncSync(this.fd);
    }
  }

  /** Flush, wait for the compressions in flight, fsync (unless disabled) and close. Idempotent. */
  async close(): Promise<void> {
    if (this.fd === undefined) return;
    this.flush();
    if (this.pending.length > 0) await new Promise<void>((resolve) => this.idle.push(resolve));
    this.closeSync();
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }

  /**
   * Write `data` (complete lines) after everything flushed before it: at once (plain), or as a
   * gzip member compressed in the pool; `chunk`, the buffer `data` is a view of, is used again
   * once compressed.
   */
  private handOut(data: Buffer, chunk?: Buffer): void {
    if (!this.opts.gzip) return this.write(data);
    const member: Member = { raw: data, level: this.level, chunk };
    this.pending.push(member);
    this.pendingBytes += data.length;
    gzip(data, { level: member.level }, (err, out) => {
      member.out = err ? gzipSync(member.raw, { level: member.level }) : out;
      // The pool is done with the chunk (a sync drain before wrote its own compression).
      if (member.chunk && this.spare.length < SPARE_CHUNKS) this.spare.push(member.chunk);
      member.chunk = undefined;
      this.drain();
    });
  }

  /** Write the compressed members at the head of the queue, in order. */
  private drain(): void {
    while (this.pending[0]?.out !== undefined) {
      const m = this.pending.shift() as Member;
      this.pendingBytes -= m.raw.length;
      if (this.fd !== undefined) this.write(m.out as Buffer);
    }
    this.wakeBacklogWaiters();
    if (this.pending.length === 0) {
      const waiting = this.idle;
      this.idle = [];
      for (const resolve of waiting) resolve();
    }
  }

  private drainSync(): void {
    for (const m of this.pending.splice(0))
      this.write(m.out ?? gzipSync(m.raw, { level: m.level }));
    this.pendingBytes = 0;
    this.drain();
  }

  private wakeBacklogWaiters(): void {
    if (this.backlogWaiters.length === 0) return;
    const open = this.fd !== undefined;
    const still: typeof this.backlogWaiters = [];
    for (const w of this.backlogWaiters) {
      if (!open || this.pendingBytes <= w.bytes) w.resolve();
      else still.push(w);
    }
    this.backlogWaiters = still;
  }

  /** Write all of `data`; a failure (ENOSPC) is kept and reported once, never thrown. */
  private write(data: Buffer): void {
    if (this.failure !== undefined || this.fd === undefined) return;
    try {
      let off = 0;
      while (off < data.length) off += writeSync(this.fd, data, off, data.length - off);
      this.bytes += data.length;
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      this.full = code === 'ENOSPC';
      this.failure = new RedcheckError(
        'E_HISTORY_UNWRITABLE',
        `cannot write history ${this.file}: ${code === 'ENOSPC' ? 'the disk is full' : errorMessage(e)}; what was written before is kept`,
        code === 'ENOSPC'
          ? 'free space on the disk of the store (`redcheck cleanup --store <dir> --keep-last N` removes old runs), or pass `--store <dir>` with a folder on another disk'
          : 'check the store folder and its disk',
      );
      this.used = 0;
      this.opts.onError?.(this.failure);
    }
  }

  private closeSync(): void {
    if (this.fd === undefined) return;
    clearInterval(this.timer);
    process.removeListener('exit', this.onExit);
    try {
      this.flush({ sync: this.opts.fsyncOnClose });
      this.drainSync();
    } finally {
      closeSync(this.fd);
      this.fd = undefined;
    }
  }
}
