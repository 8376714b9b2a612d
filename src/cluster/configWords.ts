/**
 * A config line's words as Redis splits them (`sdssplitargs`): whitespace between words,
 * double quotes with backslash escapes, single quotes. Null for a blank line or a comment.
 */
export function configWords(line: string): string[] | null {
  const t = line.trim();
  if (t === '' || t.startsWith('#')) return null;
  const words: string[] = [];
  const re = /"((?:\\.|[^"\\])*)"|'((?:\\'|[^'])*)'|(\S+)/g;
  for (const m of t.matchAll(re)) {
    if (m[1] !== undefined) words.push(m[1].replace(/\\(.)/g, '$1'));
    else if (m[2] !== undefined) words.push(m[2].replace(/\\'/g, "'"));
    else words.push(m[3] ?? '');
  }
  return words;
}
