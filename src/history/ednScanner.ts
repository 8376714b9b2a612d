import { RedcheckError } from '../errors.js';
import { EdnSymbol, type EdnValue } from './ednValue.js';

/** A position in EDN text, 1-based. */
export interface EdnPlace {
  line: number;
  col: number;
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

/** An offset into the text; turned into a line and column only for a message. */
export type Pos = number;

/**
 * The token level of the EDN reader: the position in the text (line and column for messages),
 * errors at a place, whitespace and comments, and the values that hold no other (strings,
 * characters, numbers, symbols). `EdnReader` builds forms on it.
 */
export class EdnScanner {
  pos = 0;
  line = 1;
  /** Position of the first character of the current line. */
  lineStart = 0;
  constructor(
    readonly text: string,
    readonly file: string,
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
  protected skipSpace(): void {
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

  protected token(): string {
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

  protected readString(): string {
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

  protected readChar(): string {
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

  protected readAtom(tok: string, at: Pos): EdnValue {
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
