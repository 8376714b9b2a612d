import { markup, type Raw } from './html.js';

/** Where a scrolling table is placed and how it is styled. */
export interface ScrollTableOptions {
  /** The table's id, for links and tests. */
  id?: string;
  /** Classes beside `grid`, e.g. `cmp-table`. */
  className?: string;
}

/**
 * A `grid` table in a box that scrolls sideways on its own, so a wide table never widens the
 * page: `head` is the whole `<thead>`, `rows` the rows of its `<tbody>`.
 */
export function scrollTable(
  options: ScrollTableOptions,
  head: Raw,
  rows: Raw | readonly Raw[],
): Raw {
  const cls = options.className ? `grid ${options.className}` : 'grid';
  return markup`<div class="scroll-table">
    <table class="${cls}"${options.id ? markup` id="${options.id}"` : ''}>
      ${head}
      <tbody>
        ${rows}
      </tbody>
    </table>
  </div>`;
}

/** A page section holding only a heading and a scrolling table. */
export function tableSection(
  section: { id: string; title: string },
  options: ScrollTableOptions,
  head: Raw,
  rows: Raw | readonly Raw[],
): Raw {
  return markup`<section id="${section.id}">
    <h2>${section.title}</h2>
    ${scrollTable(options, head, rows)}
  </section>`;
}
