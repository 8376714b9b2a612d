import { escapeControlChar } from '../common/terminal.js';
import { EdnKeyword, EdnList, EdnSet, EdnSymbol, EdnTagged, type EdnValue } from './ednValue.js';

function printString(s: string): string {
  // eslint-disable-next-line no-control-regex
  return `"${s.replace(/[\\"\u0000-\u001f]/g, (c) =>
    c === '\\' ? '\\\\' : c === '"' ? '\\"' : escapeControlChar(c),
  )}"`;
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
