/**
 * Text from histories and files, made safe to print on a terminal or into a CI log: control
 * characters (C0, DEL, C1) and the Unicode bidirectional overrides are shown as escapes, so a
 * key holding `"\u001b]0;pwned\u0007"` cannot set the window title, move the cursor or hide
 * text. The HTML pages escape for HTML on their own; this is for the terminal only.
 */

// C0 controls but tab and newline, DEL, C1 controls, bidi embeddings/overrides/isolates.
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;
// The same with newline and tab, for a single value.
// eslint-disable-next-line no-control-regex
const UNSAFE_IN_VALUE = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/**
 * One control character as an escape: `\n`, `\t`, `\r`, else `\uXXXX` (as JSON writes it).
 * Shared with the EDN printer, whose strings escape the same way.
 */
export function escapeControlChar(c: string): string {
  switch (c) {
    case '\n':
      return '\\n';
    case '\t':
      return '\\t';
    case '\r':
      return '\\r';
    default:
      // \uXXXX, as JSON writes it: a line of `--json` output stays valid JSON.
      return `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
  }
}

/**
 * `text` with every control character escaped but newline and tab (`\u001b`, `\u202e`),
 * for printing a whole message or report line. Text without any is returned as it is.
 */
export function escapeTerminal(text: string): string {
  UNSAFE.lastIndex = 0;
  return UNSAFE.test(text) ? text.replace(UNSAFE, escapeControlChar) : text;
}

/** One value for a message on one line: newlines and tabs escaped as well (`\n`, `\t`). */
export function escapeTerminalValue(text: string): string {
  UNSAFE_IN_VALUE.lastIndex = 0;
  return UNSAFE_IN_VALUE.test(text) ? text.replace(UNSAFE_IN_VALUE, escapeControlChar) : text;
}
