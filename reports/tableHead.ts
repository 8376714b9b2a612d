import { markup, type Raw } from './html.js';

/** A table's `<thead>`: one header row, a plain `<th>` per column label (escaped). */
export function tableHead(...columns: readonly string[]): Raw {
  return markup`<thead>
    <tr>
      ${columns.map((c) => markup`<th>${c}</th>`)}
    </tr>
  </thead>`;
}
