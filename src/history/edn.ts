/**
 * A small EDN reader and printer, enough for Jepsen histories: nil, booleans, integers, floats
 * (`##Inf`, `##-Inf`, `##NaN`), ratios (as a float), strings with escapes, characters (as
 * one-character strings), keywords, symbols, lists, vectors, maps, sets, tagged values
 * (`#inst "..."`, `#jepsen.history.Op{...}`), comments `;` and the `#_` discard.
 *
 * Values map to JavaScript as: nil -> null, numbers -> number, strings -> string, vectors ->
 * arrays, keywords / symbols / lists / sets / tagged values -> the classes below (keywords are
 * interned, so `map.get(kw('type'))` works), maps -> `Map` with EDN values as keys.
 */
import { RedcheckError } from '../errors.js';
import { MAX_NESTING } from './nesting.js';

export class EdnKeyword {
  private constructor(
    /** The name without the colon, with its namespace if any: `type`, `jepsen/op`. */
    readonly name: string,
  ) {}
  private static readonly interned = new Map<string, EdnKeyword>();
  /** The one keyword with this name. */
  static of(name: string): EdnKeyword {
    let k = EdnKeyword.interned.get(name);
    if (!k) EdnKeyword.interned.set(name, (k = new EdnKeyword(name)));
    return k;
  }
}

/** The interned keyword `:name`. */
export const kw = (name: string): EdnKeyword => EdnKeyword.of(name);

export class EdnSymbol {
  constructor(readonly name: string) {}
}

export class EdnList {
  constructor(readonly items: EdnValue[]) {}
}

export class EdnSet {
  constructor(readonly items: EdnValue[]) {}
}

export class EdnTagged {
  constructor(
    /** The tag without `#`: `inst`, `jepsen.history.Op`. */
    readonly tag: string,
    readonly value: EdnValue,
  ) {}
}

export type EdnMap = Map<EdnValue, EdnValue>;

export type EdnValue =
  | null
  | boolean
  | number
  | string
  | EdnKeyword
  | EdnSymbol
  | EdnList
  | EdnSet
  | EdnTagged
  | EdnValue[]
  | EdnMap;

/** A position in EDN text, 1-based. */
export interface EdnPlace {
  line: number;
  col: number;
}

/** A top-level form and the line and column it starts on. */
export interface EdnForm {
  value: EdnValue;
  line: number;
  col: number;
}

export interface EdnReadOptions {
  /** File name for error messages. Default `<edn>`. */
  file?: string;
  /** When given, receives the start line of every collection and tagged value read. */
  lines?: WeakMap<object, number>;
  /** When given, receives for each top-level vector or list the start line of each of its items. */
  itemLines?: WeakMap<object, number[]>;
  /** Like `itemLines`, with the column of each item as well. */
  itemPlaces?: WeakMap<object, EdnPlace[]>;
}

const CHAR_NAMES: Record<string, string> = {
  newline: '\n',
  return: '\r',
  space: ' ',
  tab: '\t',
  formfeed: '\f',
  backspace: '\b',
};

// Delimiters end a token: whitespace, comma, brackets, quote, semicolon.
const DELIM = new Uint8Array(128);
for (const c of ' \t\n\r\f\v,()[]{}";') DELIM[c.charCodeAt(0)] = 1;

const INT_RE = /^[+-]?\d+N?$/;
const FLOAT_RE = /^[+-]?\d+(\.\d*)?([eE][+-]?\d+)?M?$/;
const RATIO_RE = /^([+-]?\d+)\/(\d+)$/;
const HEX_RE = /^([+-]?)0[xX]([0-9a-fA-F]+)N?$/;

/** Deepest nesting of collections and tagged values the reader accepts (see `MAX_NESTING`). */
export const MAX_EDN_DEPTH = MAX_NESTING;

/** An offset into the text; turned into a line and column only for a message. */
type Pos = number;

/** An open collection, tagged value or discard, waiting for its items. */
type Frame =
  | {
      kind: 'vector' | 'list' | 'set' | 'map';
      close: number;
      closeText: string;
      at: Pos;
      line: number;
      items: EdnValue[];
      /**
       * Where each item starts: for a map (to name a duplicate key), and for a top-level
       * sequence when `itemLines` or `itemPlaces` is asked for.
       */
      starts: Pos[] | undefined;
      /** The start line of each item, for a top-level sequence. */
      lines: number[] | undefined;
      /** Where the item being read starts. */
      next: Pos;
      nextLine: number;
    }
  | { kind: 'tag'; tag: string; at: Pos; line: number }
  | { kind: 'discard'; at: Pos };

class Reader {
  pos = 0;
  line = 1;
  /** Position of the first character of the current line. */
  lineStart = 0;
  constructor(
    readonly text: string,
    readonly file: string,
    readonly lines: WeakMap<object, number> | undefined,
    readonly itemLines: WeakMap<object, number[]> | undefined,
    readonly itemPlaces: WeakMap<object, EdnPlace[]> | undefined,
  ) {
    // A byte-order mark (files saved by Windows editors) is not part of the text.
    if (text.charCodeAt(0) === 0xfeff) this.pos = this.lineStart = 1;
  }

  get col(): number {
    return this.pos - this.lineStart + 1;
  }

  place(): EdnPlace {
    return { line: this.line, col: this.col };
  }

  /** The lines and columns of ascending offsets, in one pass over the text. */
  placesOf(offsets: readonly Pos[]): EdnPlace[] {
    const t = this.text;
    const out: EdnPlace[] = [];
    let line = 1;
    let lineStart = t.charCodeAt(0) === 0xfeff ? 1 : 0;
    let p = lineStart;
    for (const o of offsets) {
      for (let nl = t.indexOf('\n', p); nl !== -1 && nl < o; nl = t.indexOf('\n', nl + 1)) {
        line++;
        lineStart = nl + 1;
      }
      p = Math.max(p, lineStart);
      out.push({ line, col: o - lineStart + 1 });
    }
    return out;
  }

  fail(expected: string, pos?: Pos): never {
    const at = pos === undefined ? this.place() : (this.placesOf([pos])[0] ?? this.place());
    const found =
      this.pos >= this.text.length
        ? 'end of input'
        : JSON.stringify(this.text.slice(this.pos, this.pos + 20));
    throw new RedcheckError(
      'E_HISTORY_MALFORMED',
      `${this.file}:${at.line}:${at.col}: expected ${expected}, found ${found}`,
      'check that the file is EDN (Jepsen history.edn), or pass the right --format',
    );
  }

  /** Skip whitespace, commas and comments. */
  private skipSpace(): void {
    const t = this.text;
    for (;;) {
      const c = t.charCodeAt(this.pos);
      if (c === 10) {
        this.line++;
        this.pos++;
        this.lineStart = this.pos;
      } else if (c === 32 || c === 44 || c === 9 || c === 13 || c === 12 || c === 11) {
        this.pos++;
      } else if (c === 59) {
        const nl = t.indexOf('\n', this.pos);
        this.pos = nl === -1 ? t.length : nl;
      } else {
        return;
      }
    }
  }

  /** Skip whitespace, commas, comments and `#_` discards. */
  skip(): void {
    for (;;) {
      this.skipSpace();
      if (this.text.charCodeAt(this.pos) !== 35 || this.text.charCodeAt(this.pos + 1) !== 95) {
        return;
      }
      this.pos += 2;
      this.read('a form after #_');
    }
  }

  atEnd(): boolean {
    this.skip();
    return this.pos >= this.text.length;
  }

  private mark<T extends object>(value: T, line: number): T {
    this.lines?.set(value, line);
    return value;
  }

  /**
   * Read one form (after skipping whitespace). Iterative: nesting is a stack of frames on the
   * heap, so depth costs no call stack; deeper than MAX_EDN_DEPTH is an error.
   */
  read(what = 'an EDN value'): EdnValue {
    const t = this.text;
    const stack: Frame[] = [];
    let seqDepth = 0;
    for (;;) {
      this.skipSpace();
      const top = stack[stack.length - 1];
      if (this.pos >= t.length) {
        if (top === undefined) this.fail(what);
        switch (top.kind) {
          case 'tag':
            return this.fail(`a value for the tag #${top.tag}`);
          case 'discard':
            return this.fail('a form after #_');
          default:
            return this.fail(`"${top.closeText}" to close the form opened on line ${top.line}`);
        }
      }
      const c = t.charCodeAt(this.pos);
      const at = this.pos;
      let value: EdnValue;
      if (top !== undefined && top.kind !== 'tag' && top.kind !== 'discard' && c === top.close) {
        this.pos++;
        stack.pop();
        seqDepth--;
        value = this.finish(top);
      } else {
        if (c === 35 && t.charCodeAt(this.pos + 1) === 95) {
          // #_: read the next form and drop it
          if (stack.length >= MAX_EDN_DEPTH) this.tooDeep(at);
          this.pos += 2;
          stack.push({ kind: 'discard', at });
          continue;
        }
        if (top !== undefined && top.kind !== 'tag' && top.kind !== 'discard') {
          top.next = at;
          top.nextLine = this.line;
        }
        const open = this.open(c, at, seqDepth === 0);
        if (open !== undefined) {
          if (stack.length >= MAX_EDN_DEPTH) this.tooDeep(at);
          stack.push(open);
          if (open.kind !== 'tag') seqDepth++;
          continue;
        }
        value = this.atom(c, at, top === undefined ? what : undefined, top);
      }
      // Hand the value to the frames waiting for it.
      for (;;) {
        const waiting = stack[stack.length - 1];
        if (waiting === undefined) return value;
        if (waiting.kind === 'discard') {
          stack.pop();
          break;
        }
        if (waiting.kind === 'tag') {
          stack.pop();
          value = this.mark(new EdnTagged(waiting.tag, value), waiting.line);
          continue;
        }
        waiting.items.push(value);
        waiting.starts?.push(waiting.next);
        waiting.lines?.push(waiting.nextLine);
        break;
      }
    }
  }

  private tooDeep(pos: Pos): never {
    const at = this.placesOf([pos])[0] ?? this.place();
    throw new RedcheckError(
      'E_HISTORY_MALFORMED',
      `${this.file}:${at.line}:${at.col}: values nest deeper than ${MAX_EDN_DEPTH} levels`,
      'a history nests a few levels deep; check that the file is a history and not damaged',
    );
  }

  /** The frame a character opens (`[`, `(`, `{`, `#{`, `#tag`), or undefined for an atom. */
  private open(c: number, at: Pos, topLevel: boolean): Frame | undefined {
    let kind: 'vector' | 'list' | 'set' | 'map';
    switch (c) {
      case 91: // [
        kind = 'vector';
        break;
      case 40: // (
        kind = 'list';
        break;
      case 123: // {
        kind = 'map';
        break;
      case 35: {
        // #
        const next = this.text.charCodeAt(this.pos + 1);
        if (next === 123) {
          kind = 'set';
          this.pos++;
          break;
        }
        if (next === 35 || next === 34) return undefined;
        this.pos++;
        const tag = this.token();
        if (tag === '' || !/^[A-Za-z]/.test(tag)) {
          this.fail('a tag name, "{", "_" or "#" after "#"', at);
        }
        return { kind: 'tag', tag, at, line: this.line };
      }
      default:
        return undefined;
    }
    this.pos++;
    const track = topLevel && (this.itemLines !== undefined || this.itemPlaces !== undefined);
    const close = kind === 'vector' ? 93 : kind === 'list' ? 41 : 125;
    return {
      kind,
      close,
      closeText: String.fromCharCode(close),
      at,
      line: this.line,
      items: [],
      starts: track ? [] : undefined,
      lines: track ? [] : undefined,
      next: at,
      nextLine: this.line,
    };
  }

  /**
   * The offset of item `i` of the map opened at `at`: the map is read again (only for an
   * error message), its items' starts tracked this time.
   */
  private keyOffset(at: Pos, i: number): Pos {
    const again = new Reader(this.text, this.file, undefined, undefined, undefined);
    again.pos = at + 1;
    for (let n = 0; n < i; n++) again.read();
    again.skip();
    return again.pos;
  }

  /** The value of a closed collection. */
  private finish(f: Extract<Frame, { items: EdnValue[] }>): EdnValue {
    let value: EdnValue;
    switch (f.kind) {
      case 'vector':
        value = f.items;
        break;
      case 'list':
        value = new EdnList(f.items);
        break;
      case 'set':
        value = new EdnSet(f.items);
        break;
      default: {
        const items = f.items;
        if (items.length % 2 !== 0) this.fail('a map with an even number of forms', f.at);
        const m: EdnMap = new Map();
        for (let i = 0; i < items.length; i += 2) {
          const k = items[i] as EdnValue;
          if (m.has(k)) {
            const p = this.placesOf([this.keyOffset(f.at, i)])[0] ?? this.place();
            throw new RedcheckError(
              'E_HISTORY_MALFORMED',
              `${this.file}:${p.line}:${p.col}: duplicate map key ${printEdn(k).slice(0, 60)} (the map opened on line ${f.line})`,
              'a map has each key once; check that the file is not damaged',
            );
          }
          m.set(k, items[i + 1] as EdnValue);
        }
        value = m;
      }
    }
    this.mark(value, f.line);
    if (f.lines !== undefined && (f.kind === 'vector' || f.kind === 'list')) {
      this.itemLines?.set(value, f.lines);
      if (this.itemPlaces !== undefined && f.starts !== undefined) {
        this.itemPlaces.set(value, this.placesOf(f.starts));
      }
    }
    return value;
  }

  /** A value that holds no other: string, character, number, keyword, symbol, `##Inf`, regex. */
  private atom(c: number, at: Pos, what: string | undefined, top: Frame | undefined): EdnValue {
    switch (c) {
      case 34: // "
        return this.readString();
      case 35: {
        // # followed by # or "
        if (this.text[this.pos + 1] === '#') {
          this.pos += 2;
          const tok = this.token();
          if (tok === 'Inf') return Infinity;
          if (tok === '-Inf') return -Infinity;
          if (tok === 'NaN') return NaN;
          return this.fail('##Inf, ##-Inf or ##NaN', at);
        }
        this.pos++;
        const line = this.line;
        return this.mark(new EdnTagged('regex', this.readString()), line);
      }
      case 92: // \
        return this.readChar();
      case 93:
      case 41:
      case 125: {
        if (what !== undefined) return this.fail(what);
        if (top !== undefined && top.kind !== 'tag' && top.kind !== 'discard') {
          return this.fail(
            `an EDN value or "${top.closeText}" to close the form opened on line ${top.line}`,
          );
        }
        return this.fail(
          top?.kind === 'tag' ? `a value for the tag #${top.tag}` : 'a form after #_',
        );
      }
      case 58: {
        // :
        const tok = this.token();
        if (tok.length < 2) this.fail('a keyword name after ":"', at);
        return EdnKeyword.of(tok.slice(1));
      }
      default:
        return this.readAtom(this.token(), at);
    }
  }

  private token(): string {
    const t = this.text;
    const start = this.pos;
    let p = this.pos;
    while (p < t.length) {
      const c = t.charCodeAt(p);
      if (c < 128 && DELIM[c] === 1) break;
      p++;
    }
    this.pos = p;
    return t.slice(start, p);
  }

  private readString(): string {
    const t = this.text;
    const startLine = this.line;
    let p = this.pos + 1;
    let out = '';
    let chunk = p;
    for (;;) {
      if (p >= t.length) {
        this.pos = p;
        this.fail(`a closing quote for the string opened on line ${startLine}`);
      }
      const c = t.charCodeAt(p);
      if (c === 34) break;
      if (c === 10) {
        this.line++;
        this.lineStart = p + 1;
      }
      if (c === 92) {
        out += t.slice(chunk, p);
        const e = t[p + 1];
        switch (e) {
          case 'n':
            out += '\n';
            break;
          case 't':
            out += '\t';
            break;
          case 'r':
            out += '\r';
            break;
          case 'b':
            out += '\b';
            break;
          case 'f':
            out += '\f';
            break;
          case '"':
          case '\\':
          case '/':
            out += e;
            break;
          case 'u': {
            const hex = t.slice(p + 2, p + 6);
            if (!/^[0-9a-fA-F]{4}$/.test(hex)) {
              this.pos = p;
              this.fail('four hex digits after \\u');
            }
            out += String.fromCharCode(parseInt(hex, 16));
            p += 4;
            break;
          }
          default:
            this.pos = p;
            this.fail('a string escape \\n \\t \\r \\b \\f \\" \\\\ or \\uXXXX');
        }
        p += 2;
        chunk = p;
        continue;
      }
      p++;
    }
    out += t.slice(chunk, p);
    this.pos = p + 1;
    return out;
  }

  private readChar(): string {
    this.pos++; // backslash
    const t = this.text;
    if (this.pos >= t.length) this.fail('a character after \\');
    // A single delimiter character is itself the character: \( \space-less \,
    const first = t.charCodeAt(this.pos);
    if (first < 128 && DELIM[first] === 1) {
      this.pos++;
      if (first === 10) {
        this.line++;
        this.lineStart = this.pos;
      }
      return String.fromCharCode(first);
    }
    const tok = this.token();
    if (tok.length === 1) return tok;
    const named = Object.hasOwn(CHAR_NAMES, tok) ? CHAR_NAMES[tok] : undefined;
    if (named !== undefined) return named;
    if (/^u[0-9a-fA-F]{4}$/.test(tok)) return String.fromCharCode(parseInt(tok.slice(1), 16));
    return this.fail('a character (\\c, \\newline, \\space, \\tab, \\uXXXX)');
  }

  private readAtom(tok: string, at: Pos): EdnValue {
    if (tok === '') return this.fail('an EDN value', at);
    if (tok === 'nil') return null;
    if (tok === 'true') return true;
    if (tok === 'false') return false;
    const c = tok.charCodeAt(0);
    const numeric =
      (c >= 48 && c <= 57) ||
      ((c === 43 || c === 45) &&
        tok.length > 1 &&
        tok.charCodeAt(1) >= 48 &&
        tok.charCodeAt(1) <= 57);
    if (!numeric) return new EdnSymbol(tok);
    if (INT_RE.test(tok)) return Number(tok.endsWith('N') ? tok.slice(0, -1) : tok);
    if (FLOAT_RE.test(tok)) return Number(tok.endsWith('M') ? tok.slice(0, -1) : tok);
    const ratio = RATIO_RE.exec(tok);
    if (ratio) return Number(ratio[1]) / Number(ratio[2]);
    const hex = HEX_RE.exec(tok);
    if (hex) return (hex[1] === '-' ? -1 : 1) * parseInt(hex[2] ?? '', 16);
    return this.fail(`a number, found the token ${JSON.stringify(tok)}`, at);
  }
}

/** Read every top-level form of `text`, each with the line it starts on. */
export function readEdnForms(text: string, options: EdnReadOptions = {}): EdnForm[] {
  const r = new Reader(
    text,
    options.file ?? '<edn>',
    options.lines,
    options.itemLines,
    options.itemPlaces,
  );
  const forms: EdnForm[] = [];
  while (!r.atEnd()) {
    const { line, col } = r.place();
    forms.push({ value: r.read(), line, col });
  }
  return forms;
}

/** Read exactly one EDN form from `text`. */
export function parseEdn(text: string, options: EdnReadOptions = {}): EdnValue {
  const r = new Reader(
    text,
    options.file ?? '<edn>',
    options.lines,
    options.itemLines,
    options.itemPlaces,
  );
  r.skip();
  const value = r.read();
  if (!r.atEnd()) r.fail('the end of input after one EDN value');
  return value;
}

function printString(s: string): string {
  // eslint-disable-next-line no-control-regex
  return `"${s.replace(/[\\"\u0000-\u001f]/g, (c) => {
    switch (c) {
      case '\\':
        return '\\\\';
      case '"':
        return '\\"';
      case '\n':
        return '\\n';
      case '\t':
        return '\\t';
      case '\r':
        return '\\r';
      default:
        return `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
    }
  })}"`;
}

function printNumber(n: number): string {
  if (Number.isNaN(n)) return '##NaN';
  if (n === Infinity) return '##Inf';
  if (n === -Infinity) return '##-Inf';
  if (Object.is(n, -0)) return '-0.0';
  return String(n);
}

/** Print a value as EDN text that `parseEdn` reads back to an equal value. */
export function printEdn(v: EdnValue): string {
  if (v === null) return 'nil';
  switch (typeof v) {
    case 'boolean':
      return v ? 'true' : 'false';
    case 'number':
      return printNumber(v);
    case 'string':
      return printString(v);
  }
  if (v instanceof EdnKeyword) return `:${v.name}`;
  if (v instanceof EdnSymbol) return v.name;
  if (Array.isArray(v)) return `[${v.map(printEdn).join(' ')}]`;
  if (v instanceof EdnList) return `(${v.items.map(printEdn).join(' ')})`;
  if (v instanceof EdnSet) return `#{${v.items.map(printEdn).join(' ')}}`;
  if (v instanceof EdnTagged) {
    return v.tag === 'regex' && typeof v.value === 'string'
      ? `#${printString(v.value)}`
      : `#${v.tag} ${printEdn(v.value)}`;
  }
  const parts: string[] = [];
  for (const [k, val] of v) parts.push(`${printEdn(k)} ${printEdn(val)}`);
  return `{${parts.join(', ')}}`;
}
