import { RedcheckError } from '../errors.js';
import { printEdn } from './ednPrinter.js';
import { EdnScanner, type EdnPlace, type Pos } from './ednScanner.js';
import { EdnKeyword, EdnList, EdnSet, EdnTagged, type EdnMap, type EdnValue } from './ednValue.js';
import { MAX_NESTING } from './nesting.js';

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

/** Deepest nesting of collections and tagged values the reader accepts (see `MAX_NESTING`). */
export const MAX_EDN_DEPTH = MAX_NESTING;

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

/** Forms (collections, tagged values, `#_` discards) over the tokens of `EdnScanner`. */
class EdnReader extends EdnScanner {
  readonly lines: WeakMap<object, number> | undefined;
  readonly itemLines: WeakMap<object, number[]> | undefined;
  readonly itemPlaces: WeakMap<object, EdnPlace[]> | undefined;

  constructor(text: string, options: EdnReadOptions) {
    super(text, options.file ?? '<edn>');
    this.lines = options.lines;
    this.itemLines = options.itemLines;
    this.itemPlaces = options.itemPlaces;
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
    const again = new EdnReader(this.text, { file: this.file });
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
}

/** Read every top-level form of `text`, each with the line it starts on. */
export function readEdnForms(text: string, options: EdnReadOptions = {}): EdnForm[] {
  const r = new EdnReader(text, options);
  const forms: EdnForm[] = [];
  while (!r.atEnd()) {
    const { line, col } = r.place();
    forms.push({ value: r.read(), line, col });
  }
  return forms;
}

/** Read exactly one EDN form from `text`. */
export function parseEdn(text: string, options: EdnReadOptions = {}): EdnValue {
  const r = new EdnReader(text, options);
  r.skip();
  const value = r.read();
  if (!r.atEnd()) r.fail('the end of input after one EDN value');
  return value;
}
