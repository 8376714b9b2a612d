import { markup, type Raw } from './html.js';

/**
 * The footer every page ends with: which command drew it, that it is one file needing no
 * network, and `#render-status`, which the page's script turns from `static` to what it drew.
 */
export function pageFooter(command: string): Raw {
  return markup`<footer class="muted">
    redcheck ${command} · one self-contained file, no network ·
    <span id="render-status">static</span>
  </footer>`;
}
