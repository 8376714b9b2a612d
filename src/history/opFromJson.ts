import { RedcheckError } from '../errors.js';
import { MAX_NESTING, nestsDeeperThan } from './nesting.js';
import { OP_TYPES, type Op, type OpType, type Redirect } from './op.js';

/** Where a raw op came from, for error messages: `file:line`, or `file:line:col`. */
export interface OpSource {
  file: string;
  line: number;
  /** The line's text, to point at the column of a bad field. */
  text?: string;
}

/**
 * The error for a line or form of a history file that is not an op, at `file:line`, or at
 * `file:line:col` when the 1-based column is known.
 */
export function malformedHistory(
  source: OpSource,
  problem: string,
  fix?: string,
  col?: number,
): RedcheckError {
  const where = col === undefined ? source.line : `${source.line}:${col}`;
  return new RedcheckError(
    'E_HISTORY_MALFORMED',
    `${source.file}:${where}: ${problem}`,
    fix ?? 'fix or remove that line; each line must be one op object',
  );
}

/** The 1-based column of `"field"` in the line's text, when it is there. */
function fieldColumn(source: OpSource, field: string): number | undefined {
  const at = source.text?.indexOf(`"${field}"`) ?? -1;
  return at === -1 ? undefined : at + 1;
}

/** The number as written on the line (`1e400`), for a number JSON.parse could not hold. */
function writtenNumber(source: OpSource, field: string): string | undefined {
  const m = new RegExp(`"${field}"\\s*:\\s*(-?[0-9][0-9.eE+-]*)`).exec(source.text ?? '');
  return m?.[1];
}

const OP_SHAPE =
  'an op {"index": n, "time": ns, "process": n|"nemesis"|"final", "type": "invoke"|"ok"|"fail"|"info", "f": "...", "value": ...}';

function describe(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (typeof v === 'number' && !Number.isFinite(v)) return String(v);
  let s: string;
  try {
    s = JSON.stringify(v) ?? typeof v;
  } catch {
    s = Array.isArray(v) ? 'an array' : typeof v; // nested too deep to print
  }
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}

function isOpType(v: unknown): v is OpType {
  return typeof v === 'string' && (OP_TYPES as readonly string[]).includes(v);
}

/**
 * Validate one decoded JSON value as an op and give it `index`. `time` defaults to 0 when
 * absent; `index` in the input, if present, must be a non-negative integer, but the op gets
 * its position in the file (`index` argument), so a history is always dense.
 */
export function opFromJson(raw: unknown, index: number, source: OpSource): Op {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw malformedHistory(source, `expected ${OP_SHAPE}, found ${describe(raw)}`, undefined, 1);
  }
  const o = raw as Record<string, unknown>;
  const bad = (field: string, expected: string): RedcheckError => {
    const v = o[field];
    const written =
      typeof v === 'number' && !Number.isFinite(v) ? writtenNumber(source, field) : undefined;
    const found = written !== undefined ? `${written} (too large for a number)` : describe(v);
    return malformedHistory(
      source,
      `field "${field}": expected ${expected}, found ${found}`,
      undefined,
      fieldColumn(source, field),
    );
  };

  if (o.index !== undefined && !(Number.isInteger(o.index) && (o.index as number) >= 0)) {
    throw bad('index', 'a non-negative integer');
  }
  const time = o.time ?? 0;
  if (typeof time !== 'number' || !Number.isFinite(time)) {
    throw bad('time', 'a finite number (ns)');
  }
  const process = o.process;
  if (!(
    process === 'nemesis' ||
    process === 'final' ||
    process === 'probe' ||
    (typeof process === 'number' && Number.isInteger(process))
  )) {
    throw bad('process', 'an integer, "nemesis", "final" or "probe"');
  }
  if (!isOpType(o.type)) throw bad('type', `one of ${OP_TYPES.map((t) => `"${t}"`).join(', ')}`);
  if (typeof o.f !== 'string' || o.f === '') throw bad('f', 'a non-empty string');
  // A line shorter than twice the bound cannot nest deeper than it: skip the walk.
  if (
    (source.text === undefined || source.text.length > 2 * MAX_NESTING) &&
    nestsDeeperThan(o.value)
  ) {
    throw bad('value', `a value nested at most ${MAX_NESTING} levels deep`);
  }
  const op: Op = {
    index,
    time,
    process,
    type: o.type,
    f: o.f,
    value: o.value === undefined ? null : o.value,
  };
  for (const field of ['key', 'node', 'error'] as const) {
    const v = o[field];
    if (v === undefined || v === null) continue;
    if (typeof v !== 'string') throw bad(field, 'a string');
    op[field] = v;
  }
  if (o.redirects !== undefined && o.redirects !== null) {
    if (!Array.isArray(o.redirects) || !o.redirects.every(isRedirect)) {
      throw bad('redirects', 'a list of {"kind": "MOVED"|"ASK", "slot": n, "from": s, "to": s}');
    }
    op.redirects = o.redirects;
  }
  return op;
}

function isRedirect(v: unknown): v is Redirect {
  if (typeof v !== 'object' || v === null) return false;
  const r = v as Record<string, unknown>;
  return (
    (r.kind === 'MOVED' || r.kind === 'ASK') &&
    typeof r.slot === 'number' &&
    typeof r.from === 'string' &&
    typeof r.to === 'string'
  );
}

/**
 * The op as stored, at `index`, its fields in the stable order a history line has them, a
 * missing value as null (as the file reads back) and no absent optional field. Built field by
 * field: `{ ...op, index }` yields an object V8 copies and serializes several times slower,
 * and the history writer runs this twice per operation of a run.
 */
export function storedOp(op: Omit<Op, 'index'>, index: number): Op {
  const out: Op = {
    index,
    time: op.time,
    process: op.process,
    type: op.type,
    f: op.f,
    value: op.value === undefined ? null : op.value,
  };
  if (op.key !== undefined) out.key = op.key;
  if (op.node !== undefined) out.node = op.node;
  if (op.error !== undefined) out.error = op.error;
  if (op.redirects !== undefined) out.redirects = op.redirects;
  return out;
}

/** One op as a JSON line (without the newline), fields in a stable order. */
export function opToJson(op: Op): string {
  return JSON.stringify(storedOp(op, op.index));
}
