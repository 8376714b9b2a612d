import { escapeHtml } from './escape.js';

/** Markup that `markup` inserts as is: only ever built by `markup` itself or from escaped text. */
export class Raw {
  constructor(readonly markup: string) {}
  toString(): string {
    return this.markup;
  }
}

type Part = Raw | string | number | boolean | null | undefined | readonly Part[];

function render(part: Part): string {
  if (part === null || part === undefined || part === false) return '';
  if (part instanceof Raw) return part.markup;
  if (Array.isArray(part)) return (part as readonly Part[]).map(render).join('');
  return escapeHtml(String(part));
}

/**
 * Tagged template for server-side markup: every interpolated value is escaped as text unless
 * it is a `Raw` (the result of another `markup` call), so a value from Redis or the history can
 * never become markup. Arrays are joined; null, undefined and false render as nothing.
 */
export function markup(strings: TemplateStringsArray, ...values: Part[]): Raw {
  let out = strings[0] ?? '';
  values.forEach((v, i) => {
    out += render(v) + (strings[i + 1] ?? '');
  });
  return new Raw(out);
}

/** Trusted markup produced by this module's callers (inlined code and escaped JSON only). */
export function trusted(markup: string): Raw {
  return new Raw(markup);
}
