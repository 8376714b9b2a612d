/**
 * Importers for the two history formats of Porcupine's test data (`test/fixtures/porcupine/`):
 *
 * - Jepsen etcd logs: `INFO  jepsen.util - 2<TAB>:invoke<TAB>:cas<TAB>[3 0]`, one event per line;
 *   lines of other loggers are ignored, as are blank lines.
 * - key-value logs: one EDN map per line, `{:process 0, :type :invoke, :f :get, :key "1", :value nil}`.
 *
 * Both return ops in file order (the order of events), `index` dense from 0 and `time` equal to
 * `index` (the formats carry no clock). A completion logged with an error keyword instead of a
 * value (`:info :cas :timed-out`) gets the value of its invoke and the keyword as `error`.
 */
import { EdnKeyword, parseEdn, type EdnValue } from './edn.js';
import { ednToJson } from './ednJson.js';
import { RedcheckError } from '../errors.js';
import { HistoryRules } from './historyRules.js';
import type { HistoryWarning } from './jsonl.js';
import type { Op, OpType, Process } from './op.js';

export interface PorcupineReadOptions {
  /** Called for each tolerated problem; by default warnings are dropped. */
  onWarning?: (warning: HistoryWarning) => void;
  /** Check the rules a recorder can break (`HistoryRules`). Default false. */
  rules?: boolean;
  /** Called with each op's index and the 1-based line it is on. */
  onOpLine?: (index: number, line: number) => void;
}

const OP_TYPE_SET: ReadonlySet<string> = new Set<OpType>(['invoke', 'ok', 'fail', 'info']);

/** An op as parsed from one line, before `index`/`time` are assigned. */
type ParsedEvent = Omit<Op, 'index' | 'time'>;

/** A parsed event and the line it was on. */
interface LineEvent {
  ev: ParsedEvent;
  line: number;
}

function malformed(file: string, line: number, expected: string, text: string): RedcheckError {
  const shown = text.length > 120 ? `${text.slice(0, 120)}...` : text;
  return new RedcheckError(
    'E_HISTORY_MALFORMED',
    `${file}:${line}: malformed line, expected ${expected}; got: ${shown}`,
    'Check that the file is in the format given by --format, or fix or remove that line.',
  );
}

/**
 * Assigns index and time. A `fail` or `info` completion whose logged value was an error keyword
 * (`error` set by the parser) takes the value of its invoke, as Jepsen records it.
 */
function finish(events: readonly LineEvent[], file: string, o: PorcupineReadOptions): Op[] {
  const pendingValue = new Map<Process, unknown>();
  const rules = o.rules ? new HistoryRules(file, o.onWarning) : undefined;
  const ops = events.map(({ ev: e, line }, index) => {
    const op: Op = { index, time: index, ...e };
    rules?.push(op, line, 1);
    o.onOpLine?.(index, line);
    if (e.type === 'invoke') {
      pendingValue.set(e.process, e.value);
    } else {
      if (e.error !== undefined && pendingValue.has(e.process)) {
        op.value = pendingValue.get(e.process);
      }
      pendingValue.delete(e.process);
    }
    return op;
  });
  rules?.finish();
  return ops;
}

/**
 * Parses one non-blank line of a log into an event, or undefined to skip the line; throws
 * `malformed(...)` for a line it cannot read.
 */
type LineParser = (line: string, lineNo: number, file: string) => ParsedEvent | undefined;

/**
 * Reads one of the two formats: `text` is the file's content and `file` its name for errors.
 * Throws RedcheckError `E_HISTORY_MALFORMED` naming the file, the line and what was expected.
 */
export type PorcupineLogReader = (
  text: string,
  file: string,
  options?: PorcupineReadOptions,
) => Op[];

/**
 * The reader of a format, given how it parses a line: the shape both formats share, one event
 * per line, blank lines skipped, ops numbered in file order by `finish`.
 */
const logReader =
  (parseLine: LineParser): PorcupineLogReader =>
  (text, file, options = {}) => {
    const events: LineEvent[] = [];
    // A byte-order mark (files saved by Windows editors) is not part of the first line.
    const lines = (text.charCodeAt(0) === 0xfeff ? text.slice(1) : text).split(/\r?\n/);
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i] ?? '';
      if (line.trim() === '') continue;
      const ev = parseLine(line, i + 1, file);
      if (ev !== undefined) events.push({ ev, line: i + 1 });
    }
    return finish(events, file, options);
  };

// ---------------------------------------------------------------------------------------------
// Jepsen etcd logs

const ETCD_LOG_LINE = /^\s*[A-Z]+\s+([\w.$-]+)\s+-\s+(.*)$/;
const ETCD_EVENT = /^(\d+|:nemesis)\s+:(\w+)\s+:([\w-]+)\s+(.+?)\s*$/;
const ETCD_EXPECTED =
  'a Jepsen log event "INFO  jepsen.util - <process> :<invoke|ok|fail|info> :<f> <value>" with value nil, an integer, [a b] or a :keyword';

/** Parses a value of a Jepsen log line: nil, an integer, a vector of integers, a keyword. */
function parseEtcdValue(raw: string): unknown {
  if (raw === 'nil') return null;
  if (/^-?\d+$/.test(raw)) return Number(raw);
  const vec = /^\[\s*((?:-?\d+|nil)(?:\s+(?:-?\d+|nil))*)?\s*\]$/.exec(raw);
  if (vec) {
    const body = vec[1];
    return body === undefined ? [] : body.split(/\s+/).map((t) => (t === 'nil' ? null : Number(t)));
  }
  if (/^:[\w-]+$/.test(raw)) return raw.slice(1);
  return undefined;
}

/**
 * Parses a Jepsen etcd log as shipped with Porcupine. Lines of the `jepsen.util` logger must be
 * op events; lines of other loggers and blank lines are skipped; any other line is malformed.
 */
export const parsePorcupineEtcdLog = logReader(parseEtcdLine);

/** One line of a Jepsen etcd log: an event of `jepsen.util`, or undefined for other loggers. */
function parseEtcdLine(line: string, lineNo: number, file: string): ParsedEvent | undefined {
  const log = ETCD_LOG_LINE.exec(line);
  if (!log) throw malformed(file, lineNo, ETCD_EXPECTED, line);
  if (log[1] !== 'jepsen.util') return undefined;
  const m = ETCD_EVENT.exec(log[2] ?? '');
  if (!m) throw malformed(file, lineNo, ETCD_EXPECTED, line);
  const [, proc = '', type = '', f = '', rawValue = ''] = m;
  if (!OP_TYPE_SET.has(type)) {
    throw malformed(file, lineNo, 'a type of :invoke, :ok, :fail or :info', line);
  }
  const value = parseEtcdValue(rawValue);
  if (value === undefined) {
    throw malformed(file, lineNo, 'a value nil, an integer, [a b] or a :keyword', line);
  }
  const process: Process = proc === ':nemesis' ? 'nemesis' : Number(proc);
  const ev: ParsedEvent = { process, type: type as OpType, f, value };
  if (type !== 'invoke' && rawValue.startsWith(':')) {
    ev.error = rawValue.slice(1);
    ev.value = null;
  }
  return ev;
}

// ---------------------------------------------------------------------------------------------
// Key-value logs: one flat EDN map per line

const KV_EXPECTED =
  'an EDN map {:process <int>, :type :<invoke|ok|fail|info>, :f :<get|put|append>, :key "<string>", :value <"string"|nil>}';

/** One EDN map of keywords per line, as plain values (keywords become their names). */
function parseFlatEdnMap(line: string): Map<string, unknown> | undefined {
  let v: EdnValue;
  try {
    v = parseEdn(line);
  } catch {
    return undefined;
  }
  if (!(v instanceof Map)) return undefined;
  const out = new Map<string, unknown>();
  for (const [k, val] of v) {
    if (!(k instanceof EdnKeyword)) return undefined;
    out.set(k.name, ednToJson(val));
  }
  return out;
}

/**
 * Parses a Porcupine key-value log (`kv/cNN-*.txt`). Every non-blank line must be one map with
 * `:process`, `:type`, `:f`, `:key` and `:value`; ops get `key` set.
 */
export const parsePorcupineKv = logReader(parseKvLine);

/** One line of a key-value log: a flat EDN map with the op's fields. */
function parseKvLine(line: string, lineNo: number, file: string): ParsedEvent {
  const map = parseFlatEdnMap(line);
  if (!map) throw malformed(file, lineNo, KV_EXPECTED, line);
  const proc = map.get('process');
  const type = map.get('type');
  const f = map.get('f');
  const key = map.get('key');
  const value = map.get('value');
  let process: Process;
  if (typeof proc === 'number') process = proc;
  else if (proc === 'nemesis') process = 'nemesis';
  else throw malformed(file, lineNo, `${KV_EXPECTED} (:process missing or not an integer)`, line);
  if (typeof type !== 'string' || !OP_TYPE_SET.has(type)) {
    throw malformed(file, lineNo, `${KV_EXPECTED} (:type missing or unknown)`, line);
  }
  if (typeof f !== 'string') {
    throw malformed(file, lineNo, `${KV_EXPECTED} (:f missing or not a keyword)`, line);
  }
  if (process !== 'nemesis' && typeof key !== 'string') {
    throw malformed(file, lineNo, `${KV_EXPECTED} (:key missing or not a string)`, line);
  }
  if (!map.has('value')) {
    throw malformed(file, lineNo, `${KV_EXPECTED} (:value missing)`, line);
  }
  const ev: ParsedEvent = { process, type: type as OpType, f, value };
  if (typeof key === 'string') ev.key = key;
  return ev;
}
