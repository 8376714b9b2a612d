/**
 * Jepsen `history.edn` import and export.
 *
 * Import accepts one vector or list of op maps (Knossos, older Jepsen), or one op map per
 * top-level form (Jepsen 0.3 writes one per line); maps may be tagged
 * (`#jepsen.history.Op{...}`). Ops keep the order of the file; `:time` becomes `time` (the
 * op's index when absent); `:index` is not trusted, ops are renumbered densely. Nemesis ops
 * keep `process: "nemesis"`. Keyed ("independent") histories, whose client values are all
 * `[key value]` tuples, become ops with `key` and the inner value; an explicit `:key` field
 * is used as is.
 */
import { RedcheckError } from '../errors.js';
import {
  EdnKeyword,
  EdnList,
  EdnSymbol,
  EdnTagged,
  kw,
  printEdn,
  readEdnForms,
  type EdnMap,
  type EdnPlace,
  type EdnValue,
} from './edn.js';
import { ednToJson, isKeywordName, jsonToEdn } from './ednJson.js';
import { HistoryRules } from './historyRules.js';
import type { HistoryWarning } from './jsonl.js';
import type { History, Op, OpType, Process } from './op.js';

export interface JepsenImportOptions {
  /**
   * Whether client values are `[key value]` tuples of an independent history. Default
   * `'auto'`: yes when every client op's value is a two-element vector whose first element is
   * a number, string or keyword, and at least one op is not a `cas` or carries a vector as its
   * inner value (a plain cas-register history of `[old new]` pairs stays unkeyed).
   */
  keyed?: boolean | 'auto';
  /** Called for each tolerated problem; by default warnings are dropped. */
  onWarning?: (warning: HistoryWarning) => void;
  /** Check the rules a recorder can break (`HistoryRules`). Default false. */
  rules?: boolean;
  /** Called with each op's index and the 1-based line it starts on. */
  onOpLine?: (index: number, line: number) => void;
  /**
   * The `:process` and `:f` of an op that leaves them out (Elle's example histories: one
   * client, every op a txn). Default: both are required.
   */
  defaults?: { readonly process?: Process; readonly f?: string };
  /** The fix a malformed-op error suggests. Default: the shape of a Jepsen op map. */
  fix?: string;
}

const K = {
  index: kw('index'),
  time: kw('time'),
  type: kw('type'),
  process: kw('process'),
  f: kw('f'),
  value: kw('value'),
  key: kw('key'),
  node: kw('node'),
  error: kw('error'),
};
const TYPES: ReadonlySet<string> = new Set<OpType>(['invoke', 'ok', 'fail', 'info']);

interface RawOp {
  map: EdnMap;
  /** Where the op starts in the file, 1-based. */
  at: EdnPlace;
}

const OP_MAP_FIX = 'each op must be a map like {:type :invoke, :process 0, :f :read, :value nil}';

function malformed(file: string, at: EdnPlace, problem: string, fix = OP_MAP_FIX): RedcheckError {
  return new RedcheckError('E_HISTORY_MALFORMED', `${file}:${at.line}:${at.col}: ${problem}`, fix);
}

function untag(v: EdnValue): EdnValue {
  while (v instanceof EdnTagged) v = v.value;
  return v;
}

function nameOf(v: EdnValue | undefined): string | undefined {
  if (v instanceof EdnKeyword || v instanceof EdnSymbol) return v.name;
  if (typeof v === 'string') return v;
  return undefined;
}

/** Collect the op maps of a parsed file with the line each starts on. */
function opMaps(text: string, file: string, fix?: string): RawOp[] {
  const itemPlaces = new WeakMap<object, EdnPlace[]>();
  const forms = readEdnForms(text, { file, itemPlaces });
  const asMap = (v: EdnValue, at: EdnPlace): RawOp => {
    const m = untag(v);
    if (!(m instanceof Map)) {
      throw malformed(
        file,
        at,
        `expected an op map {:type ..., :process ..., :f ..., :value ...}, found ${printEdn(m).slice(0, 60)}`,
        fix,
      );
    }
    return { map: m, at };
  };
  const first = forms[0];
  if (forms.length === 1 && first) {
    const v = untag(first.value);
    if (Array.isArray(v) || v instanceof EdnList) {
      const items = Array.isArray(v) ? v : v.items;
      const starts = itemPlaces.get(v) ?? [];
      return items.map((item, i) => asMap(item, starts[i] ?? first));
    }
  }
  return forms.map((f) => asMap(f.value, f));
}

function isScalarKey(v: EdnValue | undefined): boolean {
  return typeof v === 'number' || typeof v === 'string' || v instanceof EdnKeyword;
}

function detectKeyed(raws: RawOp[]): boolean {
  let clientOps = 0;
  let decisive = false;
  for (const { map } of raws) {
    const proc = untag(map.get(K.process) ?? null);
    if (proc instanceof EdnKeyword || map.has(K.key)) {
      if (map.has(K.key)) return false;
      continue;
    }
    clientOps++;
    const v = untag(map.get(K.value) ?? null);
    if (!Array.isArray(v) || v.length !== 2 || !isScalarKey(v[0])) return false;
    const inner = untag(v[1] ?? null);
    if (nameOf(map.get(K.f)) !== 'cas' || Array.isArray(inner) || inner instanceof EdnList) {
      decisive = true;
    }
  }
  return clientOps > 0 && decisive;
}

function keyString(k: EdnValue): string {
  if (typeof k === 'string') return k;
  if (typeof k === 'number') return String(k);
  if (k instanceof EdnKeyword) return k.name;
  return printEdn(k);
}

/** Parse a Jepsen `history.edn` text into ops (see the module comment for the rules). */
export function parseJepsenEdn(
  text: string,
  file: string,
  options: JepsenImportOptions = {},
): History {
  const raws = opMaps(text, file, options.fix);
  const defaults = options.defaults ?? {};
  const keyed =
    options.keyed === undefined || options.keyed === 'auto' ? detectKeyed(raws) : options.keyed;
  const rules = options.rules ? new HistoryRules(file, options.onWarning) : undefined;
  const ops = raws.map(({ map, at }, index): Op => {
    const bad = (field: string, expected: string): RedcheckError => {
      const found = map.has(kw(field))
        ? printEdn(map.get(kw(field)) ?? null).slice(0, 60)
        : 'nothing';
      return malformed(file, at, `:${field}: expected ${expected}, found ${found}`, options.fix);
    };
    const type = nameOf(untag(map.get(K.type) ?? null));
    if (type === undefined || !TYPES.has(type))
      throw bad('type', 'one of :invoke, :ok, :fail, :info');
    const rawProc = untag(map.get(K.process) ?? null);
    let process: Process;
    if (!map.has(K.process) && defaults.process !== undefined) process = defaults.process;
    else if (typeof rawProc === 'number' && Number.isInteger(rawProc)) process = rawProc;
    else if (nameOf(rawProc) === 'nemesis') process = 'nemesis';
    else if (nameOf(rawProc) === 'final') process = 'final';
    else if (nameOf(rawProc) === 'probe') process = 'probe';
    else throw bad('process', 'an integer, :nemesis or :final');
    const f = map.has(K.f) ? nameOf(untag(map.get(K.f) ?? null)) : defaults.f;
    if (f === undefined || f === '') throw bad('f', 'a keyword such as :read');
    const rawTime = untag(map.get(K.time) ?? null);
    let time = index;
    if (rawTime !== null) {
      if (typeof rawTime !== 'number' || !Number.isFinite(rawTime))
        throw bad('time', 'a number (ns)');
      time = rawTime;
    }
    let value: EdnValue = map.get(K.value) ?? null;
    const op: Op = { index, time, process, type: type as OpType, f, value: null };
    const explicitKey = map.get(K.key);
    if (explicitKey !== undefined && explicitKey !== null) {
      op.key = keyString(untag(explicitKey));
    } else if (keyed && typeof process === 'number') {
      const tuple = untag(value);
      if (!Array.isArray(tuple) || tuple.length !== 2) {
        throw bad('value', 'a [key value] tuple, as in the rest of this keyed history');
      }
      op.key = keyString(untag(tuple[0] ?? null));
      value = tuple[1] ?? null;
    }
    op.value = ednToJson(value);
    const node = untag(map.get(K.node) ?? null);
    if (node !== null) op.node = nameOf(node) ?? printEdn(node);
    const error = untag(map.get(K.error) ?? null);
    if (error !== null) op.error = nameOf(error) ?? printEdn(error);
    rules?.push(op, at.line, at.col);
    options.onOpLine?.(index, at.line);
    return op;
  });
  rules?.finish();
  return ops;
}

// ---------------------------------------------------------------------------------------------
// Export

/** An op key as Jepsen wrote it: an integer when it reads as one, else a string. */
function keyToEdn(key: string): EdnValue {
  return /^-?(0|[1-9]\d{0,14})$/.test(key) ? Number(key) : key;
}

/** One op as a Jepsen op map. Keyed ops get their `[key value]` tuple back. */
export function opToJepsenMap(op: Op): EdnMap {
  const m: EdnMap = new Map();
  m.set(K.index, op.index);
  m.set(K.time, op.time);
  m.set(K.type, kw(op.type));
  m.set(K.process, typeof op.process === 'number' ? op.process : kw(op.process));
  m.set(K.f, isKeywordName(op.f) ? kw(op.f) : op.f);
  const value = op.f === 'txn' ? txnToEdn(op.value) : jsonToEdn(op.value);
  m.set(K.value, op.key !== undefined ? [keyToEdn(op.key), value] : value);
  if (op.node !== undefined) m.set(K.node, op.node);
  if (op.error !== undefined) m.set(K.error, op.error);
  return m;
}

/**
 * A transaction's micro-ops as Elle writes them: `[[:append 3 1] [:r 3 [1]]]`, the function
 * of each micro-op a keyword. Anything else is written as plain JSON would be.
 */
function txnToEdn(value: unknown): EdnValue {
  if (!Array.isArray(value)) return jsonToEdn(value);
  return value.map((mop: unknown) =>
    Array.isArray(mop) && typeof mop[0] === 'string' && isKeywordName(mop[0])
      ? [kw(mop[0]), ...mop.slice(1).map((x: unknown) => jsonToEdn(x))]
      : jsonToEdn(mop),
  );
}

/**
 * A history as Jepsen EDN, one op map per line (the layout of Jepsen 0.3's `history.edn`).
 * Keyed ops become `[key value]` tuples; keys that read as integers are written as integers.
 */
export function toJepsenEdn(history: readonly Op[]): string {
  let out = '';
  for (const op of history) out += printEdn(opToJepsenMap(op)) + '\n';
  return out;
}
