import { createHash } from 'node:crypto';
import { pageAssets } from './assets.js';
import { inlineCode, jsonForScript } from './escape.js';
import { markup, trusted, type Raw } from './html.js';

/** What one self-contained page is made of. */
export interface PageParts {
  title: string;
  /** Server-rendered body (already escaped through `markup`). */
  body: Raw;
  /** Embedded as JSON in `<script type="application/json" id="redcheck-data">`. */
  data: unknown;
  /** The client code that draws the page from the data. */
  script: 'run' | 'compare' | 'check';
}

function sha256(code: string): string {
  return `'sha256-${createHash('sha256').update(code, 'utf8').digest('base64')}'`;
}

/**
 * A complete HTML document with every style and script inlined. Its Content-Security-Policy
 * forbids every network request and allows only the page's own scripts (by hash), so even a
 * value that slipped through escaping could neither run nor fetch anything.
 */
export function pageShell(parts: PageParts): string {
  const a = pageAssets();
  const scripts = [a.uplotJs, a.js.common, a.js[parts.script]].map(inlineCode);
  const csp = [
    "default-src 'none'",
    `script-src ${scripts.map(sha256).join(' ')}`,
    "style-src 'unsafe-inline'",
    'img-src data:',
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
  // Script elements are joined as plain strings: their text must be exactly what was hashed.
  const tags = scripts.map((code) => `<script>${code}</script>`).join('\n');
  const doc = markup`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="referrer" content="no-referrer">
<title>${parts.title}</title>
<style>${trusted(inlineCode(a.uplotCss))}</style>
<style>${trusted(inlineCode(a.css))}</style>
</head>
<body class="page-${parts.script}">
${parts.body}
<script type="application/json" id="redcheck-data">${trusted(jsonForScript(parts.data))}</script>
${trusted(tags)}
</body>
</html>
`;
  return doc.markup;
}
