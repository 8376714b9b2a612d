import { closeSync, fsyncSync, openSync, writeSync } from 'node:fs';
import { errorMessage, RedcheckError } from '../errors.js';
import { fileTextChunks, unreadableHistory, type FileTextOptions } from './fileText.js';
import { HistoryRules, type HistoryWarning } from './historyRules.js';
import type { History, Op } from './op.js';
import { malformedHistory, opFromJson, opToJson } from './opFromJson.js';

/** Something a reader tolerated but a caller may want to show (a truncated last line). */
export type { HistoryWarning } from './historyRules.js';

export interface ReadHistoryOptions {
  /** Called for each tolerated problem; by default warnings are dropped. */
  onWarning?: (warning: HistoryWarning) => void;
  /**
   * Check the rules a recorder can break while reading (`HistoryRules`: a completion answers
   * a pending invoke of the same `f`; warnings for double invokes and times going backwards).
   * Default false here; `loadHistory` checks them.
   */
  rules?: boolean;
  /** Called with each op's index and the 1-based line it is on. */
  onOpLine?: (index: number, line: number) => void;
}

/** The longest line (in characters) a history may have: a longer one is damage, not an op. */
export const MAX_LINE_LENGTH = 64 * 1024 * 1024;

/** The 1-based column of a JSON.parse error, when its message gives the position. */
function jsonErrorColumn(e: unknown): number | undefined {
  const m = /at position (\d+)|column (\d+)/.exec(errorMessage(e));
  if (!m) return undefined;
  return m[1] !== undefined ? Number(m[1]) + 1 : Number(m[2]);
}

export { unreadableHistory };

/**
 * Decode the lines of a `history.jsonl` text given chunk by chunk. Blank lines are skipped.
 * A last line without a trailing newline that is not valid JSON is a write cut short by a
 * crash: it is ignored with a warning. Any other line that is not an op throws
 * E_HISTORY_MALFORMED naming `file:line` and what was expected.
 */
export async function* decodeJsonl(
  chunks: AsyncIterable<string> | Iterable<string>,
  file: string,
  options: ReadHistoryOptions = {},
): AsyncGenerator<Op> {
  for await (const batch of decodeJsonlBatches(chunks, file, options)) yield* batch;
}

/**
 * `decodeJsonl` a chunk at a time: the ops of each chunk's complete lines as one array, so a
 * reader of millions of ops pays for one await a chunk rather than one an op.
 */
export async function* decodeJsonlBatches(
  chunks: AsyncIterable<string> | Iterable<string>,
  file: string,
  options: ReadHistoryOptions = {},
): AsyncGenerator<Op[]> {
  let rest = '';
  let line = 0;
  let index = 0;
  let first = true;
  const rules = options.rules ? new HistoryRules(file, options.onWarning) : undefined;
  const decode = (text: string, lineNo: number, last: boolean): Op | undefined => {
    const trimmed = text.endsWith('\r') ? text.slice(0, -1) : text;
    const c0 = trimmed.charCodeAt(0);
    // Blank lines are skipped; an op line starts with "{", so most lines skip the trim.
    if (trimmed === '' || (c0 !== 123 && trimmed.trim() === '')) return undefined;
    let raw: unknown;
    try {
      raw = JSON.parse(trimmed);
    } catch (e) {
      if (last) {
        options.onWarning?.({
          file,
          line: lineNo,
          message: `ignored a truncated last line (${trimmed.length} bytes, no newline, not valid JSON)`,
        });
        return undefined;
      }
      const why = errorMessage(e);
      throw malformedHistory(
        { file, line: lineNo },
        `expected one JSON op object, ${why}`,
        undefined,
        jsonErrorColumn(e),
      );
    }
    const op = opFromJson(raw, index++, { file, line: lineNo, text: trimmed });
    rules?.push(op, lineNo, 1);
    options.onOpLine?.(op.index, lineNo);
    return op;
  };
  for await (const chunk of chunks) {
    // A byte-order mark (files saved by Windows editors) is not part of the first line.
    rest += first && chunk.charCodeAt(0) === 0xfeff ? chunk.slice(1) : chunk;
    first = false;
    let nl = rest.indexOf('\n');
    let start = 0;
    const batch: Op[] = [];
    while (nl !== -1) {
      line++;
      const op = decode(rest.slice(start, nl), line, false);
      if (op) batch.push(op);
      start = nl + 1;
      nl = rest.indexOf('\n', start);
    }
    rest = rest.slice(start);
    if (batch.length > 0) yield batch;
    if (rest.length > MAX_LINE_LENGTH) {
      throw malformedHistory(
        { file, line: line + 1 },
        `a line longer than ${MAX_LINE_LENGTH / 1024 / 1024} Mi characters with no newline; a history has one op per line`,
        'check that the file is a history.jsonl and not damaged',
      );
    }
  }
  if (rest !== '') {
    const op = decode(rest, line + 1, true);
    if (op) yield [op];
  }
  rules?.finish();
}

/**
 * Stream the ops of a `history.jsonl` file in file order (see `decodeJsonl` for the rules).
 * Memory does not grow with the file: one chunk and one line at a time.
 */
export function streamHistory(
  file: string,
  options: ReadHistoryOptions & FileTextOptions = {},
): AsyncIterable<Op> {
  return decodeJsonl(fileTextChunks(file, options), file, options);
}

/** Read a whole `history.jsonl` file into memory. */
export async function readHistory(
  file: string,
  options: ReadHistoryOptions = {},
): Promise<History> {
  const ops: Op[] = [];
  for await (const op of streamHistory(file, options)) ops.push(op);
  return ops;
}

/** Parse `history.jsonl` text already in memory. */
export function parseHistoryJsonl(
  text: string,
  file: string,
  options: ReadHistoryOptions = {},
): Promise<History> {
  return (async () => {
    const ops: Op[] = [];
    for await (const op of decodeJsonl([text], file, options)) ops.push(op);
    return ops;
  })();
}

/** An op as the runner hands it to the writer: everything but the index, which the writer assigns. */
export type OpInput = Omit<Op, 'index'> & { index?: number };

export interface HistoryWriterOptions {
  /** Longest time appended ops stay in memory before reaching the file. Default 200 ms, at most 1000. */
  flushIntervalMs?: number;
  /** Buffered bytes that trigger an immediate flush. Default 64 KiB. */
  maxBufferBytes?: number;
  /** fsync on close (and on explicit `flush({ sync: true })`). Default true. */
  fsyncOnClose?: boolean;
  /**
   * Keep up to this many recorded ops in memory as well, so the run can check its history
   * without parsing the file back (`recordedOps`). Past the cap the copy is dropped. Default 0.
   */
  keepOps?: number;
}

/**
 * Appends ops to a `history.jsonl` file as a run produces them. Buffered, but written to the
 * file at least every `flushIntervalMs` (<= 1 s), when the buffer grows past `maxBufferBytes`,
 * on `flush()`, on `close()`, and on process exit if the caller never closed it, so a run that
 * crashes loses at most the last interval. Writes are synchronous and small: the order in the
 * file is exactly the order of `append` calls.
 */
export class HistoryWriter implements AsyncDisposable {
  private fd: number | undefined;
  private buffer: string[] = [];
  private bufferBytes = 0;
  private nextIndex = 0;
  private kept: Op[] | undefined;
  private readonly timer: NodeJS.Timeout;
  private readonly onExit = (): void => this.closeSync();

  private constructor(
    /** The file being written. */
    readonly file: string,
    fd: number,
    private readonly opts: Required<HistoryWriterOptions>,
  ) {
    this.fd = fd;
    if (opts.keepOps > 0) this.kept = [];
    this.timer = setInterval(() => this.flush(), opts.flushIntervalMs);
    this.timer.unref();
    process.once('exit', this.onExit);
  }

  /** Create (or truncate) `file` and return a writer for it. */
  static open(file: string, options: HistoryWriterOptions = {}): HistoryWriter {
    const interval = options.flushIntervalMs ?? 200;
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
      maxBufferBytes: options.maxBufferBytes ?? 1 << 16,
      fsyncOnClose: options.fsyncOnClose ?? true,
      keepOps: options.keepOps ?? 0,
    });
  }

  /** Number of ops appended so far (the index the next op gets). */
  get count(): number {
    return this.nextIndex;
  }

  /**
   * Append one op; the writer assigns the next dense `index` (any given index is replaced)
   * and returns the op as recorded. Throws after `close()`.
   */
  append(op: OpInput): Op {
    if (this.fd === undefined) {
      throw new RedcheckError('E_HISTORY_CLOSED', `append to closed history ${this.file}`);
    }
    // Built field by field: `{ ...op, index }` yields an object V8 copies and serializes
    // several times slower, and this runs twice per operation of a run.
    const recorded: Op = {
      index: this.nextIndex++,
      time: op.time,
      process: op.process,
      type: op.type,
      f: op.f,
      // As the file has it: an op without a value is read back with null.
      value: op.value === undefined ? null : op.value,
    };
    if (op.key !== undefined) recorded.key = op.key;
    if (op.node !== undefined) recorded.node = op.node;
    if (op.redirects !== undefined) recorded.redirects = op.redirects;
    if (op.error !== undefined) recorded.error = op.error;
    const line = opToJson(recorded) + '\n';
    this.buffer.push(line);
    this.bufferBytes += line.length;
    if (this.bufferBytes >= this.opts.maxBufferBytes) this.flush();
    if (this.kept !== undefined) {
      if (this.kept.length < this.opts.keepOps) this.kept.push(recorded);
      else this.kept = undefined;
    }
    return recorded;
  }

  /**
   * Every op appended, in order, when the writer kept them all (`keepOps`); undefined when it
   * kept none or the history outgrew the cap, and the file must be read back instead. The ops
   * are the objects `append` returned: the caller must not change them, and must not change a
   * value after appending it (the file has the value as it was then).
   */
  recordedOps(): History | undefined {
    return this.kept;
  }

  /** Write everything appended so far to the file (and fsync it with `sync: true`). */
  flush(options: { sync?: boolean } = {}): void {
    if (this.fd === undefined) return;
    if (this.buffer.length > 0) {
      const data = this.buffer.join('');
      this.buffer = [];
      this.bufferBytes = 0;
      writeAll(this.fd, data);
    }
    if (options.sync) fsyncSync(this.fd);
  }

  /** Flush, fsync (unless disabled) and close the file. Idempotent. */
  close(): Promise<void> {
    this.closeSync();
    return Promise.resolve();
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }

  private closeSync(): void {
    if (this.fd === undefined) return;
    clearInterval(this.timer);
    process.removeListener('exit', this.onExit);
    try {
      this.flush({ sync: this.opts.fsyncOnClose });
    } finally {
      closeSync(this.fd);
      this.fd = undefined;
    }
  }
}

function writeAll(fd: number, data: string): void {
  const buf = Buffer.from(data, 'utf8');
  let off = 0;
  while (off < buf.length) off += writeSync(fd, buf, off, buf.length - off);
}
