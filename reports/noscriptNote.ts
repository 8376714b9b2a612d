import { markup, type Raw } from './html.js';

/** The note a page shows when JavaScript is off: what needs it, and what reads without it. */
export function noscriptNote(text: string): Raw {
  return markup`<noscript><p class="note">${text}</p></noscript>`;
}
