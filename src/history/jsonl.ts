import { errorMessage } from '../errors.js';
import { fileTextChunks, unreadableHistory, type FileTextOptions } from './fileText.js';
import { HistoryRules, type HistoryWarning } from './historyRules.js';
import type { History, Op } from './op.js';
import { malformedHistory, opFromJson } from './opFromJson.js';

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

export { HistoryWriter, type HistoryWriterOptions, type OpInput } from './historyWriter.js';
