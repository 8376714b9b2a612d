/**
 * Text as XML 1.0 can carry it in an attribute or an element (the JUnit files): the five
 * markup characters escaped, and the characters XML 1.0 cannot carry at all replaced by U+FFFD.
 */
export function xml(s: unknown): string {
  return (
    String(s)
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/"/g, '&quot;')
      .replace(/'/g, '&apos;')
      // eslint-disable-next-line no-control-regex -- exactly the characters to replace
      .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '\uFFFD')
  );
}
