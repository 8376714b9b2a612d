/**
 * The expectation language of scenario files: each `expect` entry is one predicate over the
 * numbers a run measured (see `measured.ts` for the names).
 *
 *     expectation := comparison ("and" comparison)*
 *     comparison  := name op value
 *     name        := word ("." word)*            e.g. set.lost, linearizable.valid, failoverMs
 *     op          := "==" | "!=" | "<" | "<=" | ">" | ">="
 *     value       := number | true | false | unknown
 *
 * `<`, `<=`, `>`, `>=` take numbers only; `true`, `false` and `unknown` (a checker's third
 * verdict) compare with `==` and `!=` only. A comparison on a name the run did not measure is
 * neither true nor false: the expectation is `not-measured` and the scenario an error.
 */

export type Op = '==' | '!=' | '<' | '<=' | '>' | '>=';
export type Literal = number | boolean | 'unknown';
/** A measured value: a number, a verdict, or absent. */
export type Measure = number | boolean | 'unknown';

export interface Comparison {
  name: string;
  op: Op;
  value: Literal;
}

export interface Expectation {
  /** The text as written in the scenario file. */
  text: string;
  /** Every comparison must hold. */
  all: Comparison[];
}

/** How one expectation came out: `unknown` when a compared value is a checker's `unknown`. */
export type Holds = true | false | 'unknown' | 'not-measured';

export interface ExpectationOutcome {
  text: string;
  holds: Holds;
  /** Every name the expectation compares, with the value the run measured (null: none). */
  measured: Record<string, Measure | null>;
}

/** A predicate that does not parse: what was found and what was expected instead. */
export class ExpectationSyntaxError extends Error {
  constructor(
    message: string,
    /** 0-based character offset into the text. */
    readonly column: number,
  ) {
    super(message);
  }
}

const TOKEN =
  /\s*(?:([A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*)|(-?\d+(?:\.\d+)?(?:e-?\d+)?)|(==|!=|<=|>=|<|>))/y;
const OPS = new Set<string>(['==', '!=', '<', '<=', '>', '>=']);

interface Token {
  kind: 'word' | 'number' | 'op';
  text: string;
  at: number;
}

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  TOKEN.lastIndex = 0;
  let pos = 0;
  while (pos < text.length) {
    if (/^\s*$/.test(text.slice(pos))) break;
    TOKEN.lastIndex = pos;
    const m = TOKEN.exec(text);
    if (!m) {
      const at = pos + (/^\s*/.exec(text.slice(pos))?.[0].length ?? 0);
      throw new ExpectationSyntaxError(
        `unexpected "${text.slice(at, at + 8)}" at column ${at + 1}; expected a name, a number or one of == != < <= > >=`,
        at,
      );
    }
    const at = m.index + (m[0].length - m[0].trimStart().length);
    if (m[1] !== undefined) tokens.push({ kind: 'word', text: m[1], at });
    else if (m[2] !== undefined) tokens.push({ kind: 'number', text: m[2], at });
    else tokens.push({ kind: 'op', text: m[3] ?? '', at });
    pos = TOKEN.lastIndex;
  }
  return tokens;
}

/**
 * Parse one expectation. `knownName` says whether a name can be measured at all, so a typo
 * (`set.lots`) is an error at load time, not a silent `not-measured` after a 5-minute run.
 * Throws ExpectationSyntaxError saying what was expected.
 */
export function parseExpectation(
  text: string,
  knownName: (name: string) => boolean = () => true,
): Expectation {
  const tokens = tokenize(text);
  const all: Comparison[] = [];
  let i = 0;
  const end = text.length;
  const next = (what: string): Token => {
    const t = tokens[i++];
    if (!t) throw new ExpectationSyntaxError(`expected ${what} at the end of "${text}"`, end);
    return t;
  };
  for (;;) {
    const name = next('a name such as set.lost');
    if (name.kind !== 'word' || ['and', 'true', 'false', 'unknown'].includes(name.text)) {
      throw new ExpectationSyntaxError(
        `expected a name such as set.lost at column ${name.at + 1}, found "${name.text}"`,
        name.at,
      );
    }
    if (!knownName(name.text)) {
      throw new ExpectationSyntaxError(
        `unknown name "${name.text}" at column ${name.at + 1}`,
        name.at,
      );
    }
    const op = next('one of == != < <= > >=');
    if (op.kind !== 'op' || !OPS.has(op.text)) {
      throw new ExpectationSyntaxError(
        `expected one of == != < <= > >= at column ${op.at + 1}, found "${op.text}"`,
        op.at,
      );
    }
    const v = next('a value (a number, true, false or unknown)');
    let value: Literal;
    if (v.kind === 'number') value = Number(v.text);
    else if (v.kind === 'word' && (v.text === 'true' || v.text === 'false'))
      value = v.text === 'true';
    else if (v.kind === 'word' && v.text === 'unknown') value = 'unknown';
    else {
      throw new ExpectationSyntaxError(
        `expected a number, true, false or unknown at column ${v.at + 1}, found "${v.text}"`,
        v.at,
      );
    }
    if (typeof value !== 'number' && op.text !== '==' && op.text !== '!=') {
      throw new ExpectationSyntaxError(
        `${op.text} compares numbers only; ${String(value)} takes == or != (column ${op.at + 1})`,
        op.at,
      );
    }
    all.push({ name: name.text, op: op.text as Op, value });
    const joiner = tokens[i++];
    if (!joiner) break;
    if (joiner.kind !== 'word' || joiner.text !== 'and') {
      throw new ExpectationSyntaxError(
        `expected "and" or the end at column ${joiner.at + 1}, found "${joiner.text}"`,
        joiner.at,
      );
    }
  }
  return { text, all };
}

function compare(measured: Measure, op: Op, value: Literal): Holds {
  if (op === '==' || op === '!=') {
    if (measured === 'unknown' && value !== 'unknown') return 'unknown';
    const same = measured === value;
    return op === '==' ? same : !same;
  }
  if (measured === 'unknown') return 'unknown';
  if (typeof measured !== 'number' || typeof value !== 'number') return false;
  switch (op) {
    case '<':
      return measured < value;
    case '<=':
      return measured <= value;
    case '>':
      return measured > value;
    case '>=':
      return measured >= value;
  }
}

/**
 * Evaluate against a run's measured values. Priority over the comparisons: `not-measured`,
 * then `false`, then `unknown`, else `true`.
 */
export function evaluateExpectation(
  e: Expectation,
  values: Readonly<Record<string, Measure>>,
): ExpectationOutcome {
  const measured: Record<string, Measure | null> = {};
  const outcomes: Holds[] = e.all.map((c) => {
    const v = Object.hasOwn(values, c.name) ? values[c.name] : undefined;
    measured[c.name] = v ?? null;
    return v === undefined ? 'not-measured' : compare(v, c.op, c.value);
  });
  const holds: Holds = outcomes.includes('not-measured')
    ? 'not-measured'
    : outcomes.includes(false)
      ? false
      : outcomes.includes('unknown')
        ? 'unknown'
        : true;
  return { text: e.text, holds, measured };
}

/** `set.lost > 0 (measured set.lost = 0)`: an outcome as one line, for JUnit and summaries. */
export function outcomeText(o: ExpectationOutcome): string {
  const values = Object.entries(o.measured)
    .map(([k, v]) => `${k} = ${v === null ? 'not measured' : String(v)}`)
    .join(', ');
  return `${o.text} (measured ${values})`;
}
