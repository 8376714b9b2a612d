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

/** A top-level form and the line it starts on. */
export interface EdnForm {
  value: EdnValue;
  line: number;
}

export interface EdnReadOptions {
  /** File name for error messages. Default `<edn>`. */
  file?: string;
  /** When given, receives the start line of every collection and tagged value read. */
  lines?: WeakMap<object, number>;
  /** When given, receives for each top-level vector or list the start line of each of its items. */
  itemLines?: WeakMap<object, number[]>;
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

class Reader {
  pos = 0;
  line = 1;
  constructor(
    readonly text: string,
    readonly file: string,
    readonly lines: WeakMap<object, number> | undefined,
    readonly itemLines: WeakMap<object, number[]> | undefined,
  ) {}

  fail(expected: string, line = this.line): never {
    const found =
      this.pos >= this.text.length
        ? 'end of input'
        : JSON.stringify(this.text.slice(this.pos, this.pos + 20));
    throw new RedcheckError(
      'E_HISTORY_MALFORMED',
      `${this.file}:${line}: expected ${expected}, found ${found}`,
      'check that the file is EDN (Jepsen history.edn), or pass the right --format',
    );
  }

  /** Skip whitespace, commas, comments and `#_` discards. */
  skip(): void {
    const t = this.text;
    for (;;) {
      const c = t.charCodeAt(this.pos);
      if (c === 10) {
        this.line++;
        this.pos++;
      } else if (c === 32 || c === 44 || c === 9 || c === 13 || c === 12 || c === 11) {
        this.pos++;
      } else if (c === 59) {
        const nl = t.indexOf('\n', this.pos);
        this.pos = nl === -1 ? t.length : nl;
      } else if (c === 35 && t.charCodeAt(this.pos + 1) === 95) {
        this.pos += 2;
        this.read('a form after #_');
      } else {
        return;
      }
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

  // Nesting depth of the collection being read; item lines are tracked at the top only.
  private depth = 0;
  // Start lines of the items of the last top-level sequence read.
  private lastItemLines: number[] = [];

  private markItems<T extends object>(value: T): T {
    if (this.depth === 0) this.itemLines?.set(value, this.lastItemLines);
    return value;
  }

  /** Read one form (after skipping whitespace). */
  read(what = 'an EDN value'): EdnValue {
    this.skip();
    const t = this.text;
    if (this.pos >= t.length) this.fail(what);
    const c = t.charCodeAt(this.pos);
    const line = this.line;
    switch (c) {
      case 91: // [
        this.pos++;
        return this.markItems(this.mark(this.readSeq(93, ']'), line));
      case 40: // (
        this.pos++;
        return this.markItems(this.mark(new EdnList(this.readSeq(41, ')')), line));
      case 123: {
        // {
        this.pos++;
        const items = this.readSeq(125, '}');
        if (items.length % 2 !== 0) this.fail('a map with an even number of forms', line);
        const m: EdnMap = new Map();
        for (let i = 0; i < items.length; i += 2)
          m.set(items[i] as EdnValue, items[i + 1] as EdnValue);
        return this.mark(m, line);
      }
      case 34: // "
        return this.readString();
      case 35: // #
        return this.readDispatch(line);
      case 92: // \
        return this.readChar();
      case 93:
      case 41:
      case 125:
        return this.fail(what);
      case 58: {
        // :
        const tok = this.token();
        if (tok.length < 2) this.fail('a keyword name after ":"', line);
        return EdnKeyword.of(tok.slice(1));
      }
      default:
        return this.readAtom(this.token(), line);
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

  private readSeq(close: number, closeText: string): EdnValue[] {
    const items: EdnValue[] = [];
    const itemLines: number[] = [];
    const track = this.itemLines !== undefined && this.depth === 0;
    this.depth++;
    const t = this.text;
    const startLine = this.line;
    for (;;) {
      this.skip();
      if (this.pos >= t.length) {
        this.fail(`"${closeText}" to close the form opened on line ${startLine}`);
      }
      if (t.charCodeAt(this.pos) === close) {
        this.pos++;
        this.depth--;
        if (track) this.lastItemLines = itemLines;
        return items;
      }
      if (track) itemLines.push(this.line);
      items.push(this.read(`an EDN value or "${closeText}"`));
    }
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
      if (c === 10) this.line++;
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
      return String.fromCharCode(first);
    }
    const tok = this.token();
    if (tok.length === 1) return tok;
    const named = CHAR_NAMES[tok];
    if (named !== undefined) return named;
    if (/^u[0-9a-fA-F]{4}$/.test(tok)) return String.fromCharCode(parseInt(tok.slice(1), 16));
    return this.fail('a character (\\c, \\newline, \\space, \\tab, \\uXXXX)');
  }

  private readDispatch(line: number): EdnValue {
    const t = this.text;
    const next = t[this.pos + 1];
    if (next === '{') {
      this.pos += 2;
      return this.mark(new EdnSet(this.readSeq(125, '}')), line);
    }
    if (next === '#') {
      this.pos += 2;
      const tok = this.token();
      if (tok === 'Inf') return Infinity;
      if (tok === '-Inf') return -Infinity;
      if (tok === 'NaN') return NaN;
      return this.fail('##Inf, ##-Inf or ##NaN', line);
    }
    if (next === '"') {
      // A regex literal: keep its source as a tagged string.
      this.pos++;
      return this.mark(new EdnTagged('regex', this.readString()), line);
    }
    this.pos++;
    const tag = this.token();
    if (tag === '' || !/^[A-Za-z]/.test(tag))
      this.fail('a tag name, "{", "_" or "#" after "#"', line);
    const value = this.read(`a value for the tag #${tag}`);
    return this.mark(new EdnTagged(tag, value), line);
  }

  private readAtom(tok: string, line: number): EdnValue {
    if (tok === '') return this.fail('an EDN value', line);
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
    return this.fail(`a number, found the token ${JSON.stringify(tok)}`, line);
  }
}

/** Read every top-level form of `text`, each with the line it starts on. */
export function readEdnForms(text: string, options: EdnReadOptions = {}): EdnForm[] {
  const r = new Reader(text, options.file ?? '<edn>', options.lines, options.itemLines);
  const forms: EdnForm[] = [];
  while (!r.atEnd()) {
    const line = r.line;
    forms.push({ value: r.read(), line });
  }
  return forms;
}

/** Read exactly one EDN form from `text`. */
export function parseEdn(text: string, options: EdnReadOptions = {}): EdnValue {
  const r = new Reader(text, options.file ?? '<edn>', options.lines, options.itemLines);
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
