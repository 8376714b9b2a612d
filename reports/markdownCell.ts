/**
 * Text for a Markdown table cell (`summary.md` of a run or a suite): no pipes, no newlines, no
 * HTML. A value that is not a string is written as JSON.
 */
export function markdownCell(v: unknown): string {
  const s = typeof v === 'string' ? v : (JSON.stringify(v) ?? String(v));
  return s
    .replace(/\\/g, '\\\\')
    .replace(/\|/g, '\\|')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\r\n|[\r\n]/g, ' ');
}
