import { errorMessage } from '../errors.js';
import { fileByteChunks, unreadableHistory, type FileTextOptions } from './fileText.js';
import { HistoryRules, type HistoryWarning } from './historyRules.js';
import type { History, Op } from './op.js';
import { malformedHistory, opFromJson } from './opFromJson.js';
import { OpLineScanner, SKIPPED_OP, type ObjectValueScanner } from './opLineScanner.js';

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
  /**
   * Give only client ops (numeric process): the others are counted in `index` but neither
   * decoded nor given, and the rules see only the client ops. Default false.
   */
  clientOnly?: boolean;
  /** Decodes the object values it knows from the line's bytes (see `ObjectValueScanner`). */
  objectValue?: ObjectValueScanner;
  /**
   * A reader that needs no op objects: each line the scanner reads goes to `scanned` as
   * fields (`OpLineScanner.parse`), any other line to `op` once decoded, in file order, and
   * the batches are empty. Not with `rules` or `onOpLine` (they see no scanned line).
   */
  visit?: { scanned(scanner: OpLineScanner, buf: Uint8Array): void; op(op: Op): void };
}

/** The longest line (in bytes) a history may have: a longer one is damage, not an op. */
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
  chunks: AsyncIterable<string | Uint8Array> | Iterable<string | Uint8Array>,
  file: string,
  options: ReadHistoryOptions = {},
): AsyncGenerator<Op> {
  for await (const batch of decodeJsonlBatches(chunks, file, options)) yield* batch;
}

/**
 * `decodeJsonl` a chunk at a time: the ops of each chunk's complete lines as one array, so a
 * reader of millions of ops pays for one await a chunk rather than one an op. Chunks are text
 * or UTF-8 bytes (a file's, as `fileByteChunks` gives them); lines are split in bytes, and a
 * line in the writer's own shape is decoded straight from them (`OpLineScanner`), any other
 * the general way (`JSON.parse`, then `opFromJson`), with the same result.
 */
export async function* decodeJsonlBatches(
  chunks: AsyncIterable<string | Uint8Array> | Iterable<string | Uint8Array>,
  file: string,
  options: ReadHistoryOptions = {},
): AsyncGenerator<Op[]> {
  // Bytes of a line not yet ended, chunk by chunk (joined once its newline comes).
  let rest: Uint8Array[] = [];
  let restBytes = 0;
  let line = 0;
  let index = 0;
  const scanner = new OpLineScanner({
    ...(options.clientOnly ? { clientOnly: true } : {}),
    ...(options.objectValue ? { objectValue: options.objectValue } : {}),
  });
  const rules = options.rules ? new HistoryRules(file, options.onWarning) : undefined;
  const visit = options.visit;
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
    return opFromJson(raw, index, { file, line: lineNo, text: trimmed });
  };
  /** The op of bytes `[start, end)` of `buf` (one line, without its newline), if any. */
  const lineOp = (
    buf: Uint8Array,
    start: number,
    end: number,
    lineNo: number,
    last: boolean,
  ): Op | undefined => {
    // A byte-order mark (files saved by Windows editors) is not part of the first line.
    if (lineNo === 1 && buf[start] === 0xef && buf[start + 1] === 0xbb && buf[start + 2] === 0xbf) {
      start += 3;
    }
    const stop = end > start && buf[end - 1] === 13 ? end - 1 : end;
    if (visit !== undefined && scanner.parse(buf, start, stop)) {
      index++;
      if (!scanner.skipped) visit.scanned(scanner, buf);
      return undefined;
    }
    const op =
      scanner.scan(buf, start, stop, index) ??
      decode(
        Buffer.from(buf.buffer, buf.byteOffset + start, end - start).toString('utf8'),
        lineNo,
        last,
      );
    if (op === undefined) return undefined;
    index++;
    if (op === SKIPPED_OP || (options.clientOnly && typeof op.process !== 'number'))
      return undefined;
    rules?.push(op, lineNo, 1);
    options.onOpLine?.(op.index, lineNo);
    if (visit === undefined) return op;
    visit.op(op);
    return undefined;
  };
  for await (const chunk of chunks) {
    const buf = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
    const batch: Op[] = [];
    let start = 0;
    let nl = buf.indexOf(10);
    if (nl !== -1 && restBytes > 0) {
      rest.push(buf.subarray(0, nl));
      const whole = Buffer.concat(rest, restBytes + nl);
      rest = [];
      restBytes = 0;
      line++;
      const op = lineOp(whole, 0, whole.length, line, false);
      if (op) batch.push(op);
      start = nl + 1;
      nl = buf.indexOf(10, start);
    }
    while (nl !== -1) {
      line++;
      const op = lineOp(buf, start, nl, line, false);
      if (op) batch.push(op);
      start = nl + 1;
      nl = buf.indexOf(10, start);
    }
    if (start < buf.length) {
      // Copied: the reader may reuse its chunk's memory for the next one.
      rest.push(buf.slice(start));
      restBytes += buf.length - start;
    }
    if (batch.length > 0) yield batch;
    if (restBytes > MAX_LINE_LENGTH) {
      throw malformedHistory(
        { file, line: line + 1 },
        `a line longer than ${MAX_LINE_LENGTH / 1024 / 1024} MiB with no newline; a history has one op per line`,
        'check that the file is a history.jsonl and not damaged',
      );
    }
  }
  if (restBytes > 0) {
    const whole = Buffer.concat(rest, restBytes);
    const op = lineOp(whole, 0, whole.length, line + 1, true);
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
  return decodeJsonl(fileByteChunks(file, options), file, options);
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

export { HistoryWriter, type HistoryWriterOptions, type OpInput } from './historyWriter.js';
