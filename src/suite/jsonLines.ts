/**
 * Where each value of a JSON text sits: the 1-based line of every path (`expect.2`,
 * `claim.id`), so an error in a scenario file names its line. The text must already have
 * passed `JSON.parse`; `jsonSyntaxLine` turns a `JSON.parse` error into its line.
 */

/** Path (keys and array indexes joined by `.`; `""` for the root) -> 1-based line. */
export function jsonLines(text: string): Map<string, number> {
  const lines = new Map<string, number>();
  let pos = 0;
  let line = 1;
  const skip = (): void => {
    while (pos < text.length && /\s/.test(text[pos] ?? '')) {
      if (text[pos] === '\n') line++;
      pos++;
    }
  };
  const str = (): string => {
    const start = pos;
    pos++; // opening quote
    while (pos < text.length && text[pos] !== '"') pos += text[pos] === '\\' ? 2 : 1;
    pos++;
    return JSON.parse(text.slice(start, pos)) as string;
  };
  const value = (path: string): void => {
    skip();
    if (!lines.has(path)) lines.set(path, line);
    const c = text[pos];
    if (c === '{') {
      pos++;
      for (;;) {
        skip();
        if (text[pos] === '}') break;
        const keyLine = line;
        const key = str();
        const child = path === '' ? key : `${path}.${key}`;
        lines.set(child, keyLine);
        skip();
        pos++; // colon
        value(child);
        skip();
        if (text[pos] === ',') pos++;
      }
      pos++;
    } else if (c === '[') {
      pos++;
      for (let i = 0; ; i++) {
        skip();
        if (text[pos] === ']') break;
        value(path === '' ? String(i) : `${path}.${i}`);
        skip();
        if (text[pos] === ',') pos++;
      }
      pos++;
    } else if (c === '"') str();
    else while (pos < text.length && /[^\s,\]}]/.test(text[pos] ?? '')) pos++;
  };
  value('');
  return lines;
}

/** The line of `path`, or of its nearest ancestor that has one. */
export function lineOf(lines: Map<string, number>, path: readonly (string | number)[]): number {
  for (let n = path.length; n >= 0; n--) {
    const found = lines.get(path.slice(0, n).join('.'));
    if (found !== undefined) return found;
  }
  return 1;
}

/** The 1-based line of a `JSON.parse` error (Node names the position), else undefined. */
export function jsonSyntaxLine(text: string, error: unknown): number | undefined {
  const message = error instanceof Error ? error.message : String(error);
  const m = /position (\d+)/.exec(message);
  if (m) return text.slice(0, Number(m[1])).split('\n').length;
  const lc = /line (\d+)/.exec(message);
  if (lc) return Number(lc[1]);
  // `Unexpected token '}', ..." "mode": \n}" is not valid JSON`: V8 quotes the text around
  // the token (10 characters before it when the quote starts with ...).
  const q = /Unexpected token '(.)', (\.\.\.)?"([\s\S]*?)"(?:\.\.\.)? is not valid JSON/.exec(
    message,
  );
  if (!q) return undefined;
  const [, token = '', cut, quoted = ''] = q;
  const at = text.indexOf(quoted);
  if (at < 0) return undefined;
  const inQuote = quoted.indexOf(token, cut ? Math.min(10, quoted.length - 1) : 0);
  return text.slice(0, at + Math.max(0, inQuote)).split('\n').length;
}
