import { writeFileSync } from 'node:fs';
import type { CheckResult } from '../src/checker/verdict.js';
import { mergeValidity } from '../src/checker/verdict.js';
import type { History } from '../src/history/op.js';
import { verdictText } from './format.js';
import { markup } from './html.js';
import { lanesFor, partitionEvidence } from './lanes.js';
import type { LanesData } from './pageData.js';
import { pageShell } from './pageShell.js';

/**
 * One checked history: its file, its ops (`history`, or `ops` as `redcheck check` keeps them),
 * and the verbose linearizability result; or the error that stopped the check of that file.
 */
export interface CheckReportInput {
  file: string;
  history?: History;
  ops?: History;
  /** `valid`, `reason`, and per-partition evidence (see `partitionEvidence`). */
  result?: CheckResult | (CheckResult & Record<string, unknown>);
  model?: string;
  error?: { code?: string; message: string; fix?: string };
}

/** The HTML of the `redcheck check --report` page. */
export function renderCheckReport(inputs: readonly CheckReportInput[]): string {
  const valid = mergeValidity(inputs.map((i) => i.result?.valid ?? 'unknown'));
  const v = verdictText(valid);
  const lanes: LanesData[] = [];
  const rows = inputs.map((input) => {
    const history = input.history ?? input.ops ?? [];
    const parts = partitionEvidence(input.result);
    const bad = parts.filter((p) => p.valid === false);
    for (const p of bad) lanes.push(lanesFor(input.file, history, p));
    const iv = input.error ? 'error' : verdictText(input.result?.valid);
    const why = input.error?.message ?? input.result?.reason ?? input.result?.error ?? '';
    return markup`<tr>
      <td class="mono">${input.file}</td>
      <td>
        <span class="pill pill-${iv === 'error' ? 'unknown' : iv}" data-file="${input.file}"
          >${iv}</span
        >
      </td>
      <td>${input.model ?? ''}</td>
      <td class="num">${history.length}</td>
      <td class="num">${parts.length || '–'}</td>
      <td class="num">${bad.length}</td>
      <td>${why}</td>
    </tr>`;
  });
  const body = markup`<header class="banner verdict-${v}" id="banner">
      <div class="banner-main">
        <div class="banner-verdict">Linearizability: <span id="verdict">${v}</span></div>
        <div class="banner-run">${inputs.length} history file(s)</div>
      </div>
    </header>
    <main>
      <section id="files">
        <h2>Histories</h2>
        <table class="grid" id="check-files">
          <thead>
            <tr>
              <th>file</th>
              <th>verdict</th>
              <th>model</th>
              <th>events</th>
              <th>partitions</th>
              <th>bad partitions</th>
              <th>why</th>
            </tr>
          </thead>
          <tbody>
            ${rows}
          </tbody>
        </table>
      </section>
      <section id="linearizability">
        <h2>Where linearizability fails</h2>
        <noscript
          ><p class="note">
            The lanes need JavaScript; the table above reads without it.
          </p></noscript
        >
        <div id="lanes-root"></div>
      </section>
    </main>
    <footer class="muted">
      redcheck check · one self-contained file, no network · <span id="render-status">static</span>
    </footer>`;
  return pageShell({ title: `redcheck check: ${v}`, body, data: { lanes }, script: 'check' });
}

/** Write the `redcheck check --report` page to `out`. */
export function writeCheckReport(out: string, inputs: readonly CheckReportInput[]): Promise<void> {
  writeFileSync(out, renderCheckReport(inputs));
  return Promise.resolve();
}
