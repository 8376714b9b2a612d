/**
 * The explore page (`explore.html`): the property, the space, every trial with its verdict
 * and numbers, the first failure, the shrink steps and the minimal scenario with its run page.
 * Drawn from `explore.json` only; the page declares the shape it reads (a structural subset
 * of `ExploreResult` in `src/explore`), and every value goes through `markup`'s escaping.
 */
import { tableHead } from './tableHead.js';
import { scrollTable } from './scrollTable.js';
import { markup, type Raw } from './html.js';
import { pageShell } from './pageShell.js';
import { pageFooter } from './pageFooter.js';

type Measure = number | boolean | 'unknown';

/** One candidate as the page reads it. */
export interface ExplorePageCandidate {
  id: string;
  phase: string;
  path?: string;
  seed: number;
  varied: Record<string, unknown>;
  scenarioFile?: string;
  command: string;
  verdict: string;
  runs: readonly {
    holds: boolean | 'unknown' | 'not-measured';
    measured: Record<string, Measure | null>;
    ms: number;
    report?: string;
    error?: string;
    interrupted?: string;
  }[];
}

/** What the page reads of `explore.json`. */
export interface ExplorePageData {
  property: string;
  space: {
    fixed: Record<string, unknown>;
    vary: readonly string[];
    trialTimeMs: number;
    faultSpecs: readonly string[];
  };
  seed: number;
  trials: number;
  confirm: number;
  maxShrinkRuns: number;
  budgetMs: number;
  startedAt: string;
  finishedAt: string;
  trialsRun: number;
  runs: number;
  shrinkRuns: number;
  candidates: readonly ExplorePageCandidate[];
  firstFailure?: string;
  steps: readonly { id: string; from: string; by?: string; changes: readonly string[] }[];
  minimal?: string;
  counterexamplePath?: string;
  stopped?: string;
  exitCode: number;
}

const STYLE = `
.verdict{display:inline-block;padding:1px 8px;border-radius:9px;font-weight:600;font-size:.9em}
.verdict-fail{background:#fde2e2;color:#9b1c1c}.verdict-pass{background:#dcf5e3;color:#11632e}
.verdict-flaky,.verdict-unknown,.verdict-error,.verdict-unconfirmed{background:#fff1d6;color:#8a5200}
.holds-true{color:#11632e}.holds-false{color:#9b1c1c}td code{white-space:pre-wrap}
tr.minimal{outline:2px solid #9b1c1c}`;

function value(v: unknown): string {
  if (Array.isArray(v)) return v.map(value).join(', ');
  return typeof v === 'string' ? v : JSON.stringify(v);
}

function fields(o: Record<string, unknown>): Raw[] {
  return Object.entries(o).map(([k, v]) => markup`<div><code>${k}</code> ${value(v)}</div>`);
}

function runCell(c: ExplorePageCandidate): Raw[] {
  return c.runs.map((r, i) => {
    const numbers = Object.entries(r.measured)
      .map(([k, v]) => `${k} = ${v === null ? 'not measured' : String(v)}`)
      .join(', ');
    const mark = r.holds === true ? '✓' : r.holds === false ? '✗' : '?';
    return markup`<div class="holds-${String(r.holds)}">${mark} ${
      r.report ? markup`<a href="${r.report}">run ${i + 1}</a>` : `run ${i + 1}`
    } <span class="muted">${numbers}${r.error ? ` · error: ${r.error}` : ''}${
      r.interrupted ? ` · interrupted: ${r.interrupted}` : ''
    } · ${Math.round(r.ms / 100) / 10} s</span></div>`;
  });
}

function candidateRow(c: ExplorePageCandidate, minimal: string | undefined): Raw {
  return markup`<tr data-candidate="${c.id}" class="${c.id === minimal ? 'minimal' : ''}">
    <th scope="row"><code>${c.id}</code>${c.path === undefined ? '' : markup`<div class="muted">path ${c.path}</div>`}</th>
    <td><span class="verdict verdict-${c.verdict}" data-verdict="${c.verdict}">${c.verdict}</span></td>
    <td>${fields(c.varied)}<div class="muted">seed ${c.seed}</div></td>
    <td>${runCell(c)}</td>
    <td>${c.scenarioFile ? markup`<a href="${c.scenarioFile}">${c.scenarioFile}</a>` : '–'}<div><code>${c.command}</code></div></td>
  </tr>`;
}

function candidateTable(id: string, rows: readonly ExplorePageCandidate[], minimal?: string): Raw {
  return scrollTable(
    { id },
    tableHead('candidate', 'verdict', 'drawn', 'runs (property held?)', 're-run alone'),
    rows.map((c) => candidateRow(c, minimal)),
  );
}

function minimalSection(d: ExplorePageData): Raw {
  const min = d.candidates.find((c) => c.id === d.minimal);
  if (!min) {
    return markup`<section id="minimal"><h2>Counterexample</h2>
      <p>No trial broke the property in every one of its ${d.confirm} runs, in ${d.trialsRun} trial(s).
      The absence of a counterexample is not proof that the property holds.</p></section>`;
  }
  const page = min.runs.find((r) => r.report)?.report;
  return markup`<section id="minimal"><h2>Minimal scenario: <code>${min.id}</code></h2>
    <p>Broke <code>${d.property}</code> in ${min.runs.length} of ${min.runs.length} runs${
      d.counterexamplePath ? ` (fast-check path ${d.counterexamplePath})` : ''
    }.</p>
    ${fields(min.varied)}
    <p>${page ? markup`<a id="minimal-run" href="${page}">its run page</a> · ` : ''}${
      min.scenarioFile ? markup`<a href="${min.scenarioFile}">scenario file</a>` : ''
    }</p>
    <p>re-run: <code>${min.command}</code></p>
  </section>`;
}

/** The explore page as one self-contained HTML document. */
export function renderExplorePage(d: ExplorePageData): string {
  const verdict = d.exitCode === 1 ? 'invalid' : d.exitCode === 0 ? 'valid' : 'unknown';
  const headline =
    d.exitCode === 1
      ? 'counterexample found'
      : d.exitCode === 0
        ? `no counterexample in ${d.trialsRun} trial(s)`
        : 'stopped before an answer';
  const trials = d.candidates.filter((c) => c.phase === 'trial');
  const shrinks = d.candidates.filter((c) => c.phase === 'shrink');
  const first = d.candidates.find((c) => c.id === d.firstFailure);
  const body = markup`<style>${STYLE}</style>
    <header class="banner verdict-${verdict}">
      <div class="banner-main">
        <div class="banner-verdict">redcheck explore: <span id="explore-verdict">${headline}</span></div>
        <div class="muted">property <code id="explore-property">${d.property}</code> · seed ${d.seed} ·
          ${d.runs} runs (${d.shrinkRuns} shrinking) · ${d.startedAt} – ${d.finishedAt} · exit ${d.exitCode}</div>
        ${d.stopped ? markup`<div id="explore-stopped">stopped early: ${d.stopped}</div>` : ''}
      </div>
    </header>
    <main id="explore-root">
      <section id="space"><h2>Space</h2>
        <p>varied: ${d.space.vary.join(', ')} · trial time ${d.space.trialTimeMs} ms ·
          ${d.trialsRun} of ${d.trials} trials run · confirm ${d.confirm} of ${d.confirm} ·
          max shrink runs ${d.maxShrinkRuns} · budget ${Math.round(d.budgetMs / 1000)} s</p>
        ${d.space.faultSpecs.length > 0 ? markup`<p>faults drawn from: <code>${d.space.faultSpecs.join(' ')}</code></p>` : ''}
        <h3>Fixed</h3>${fields(d.space.fixed)}
      </section>
      ${minimalSection(d)}
      <section id="first-failure"><h2>First failure</h2>${
        first
          ? markup`<p><code>${first.id}</code> (fast-check path ${first.path ?? '–'}): ${first.verdict}</p>${fields(first.varied)}`
          : markup`<p>none</p>`
      }</section>
      <section id="steps"><h2>Shrink steps</h2>${
        d.steps.length === 0
          ? markup`<p>none${d.minimal ? ': no smaller scenario failed every time' : ''}</p>`
          : markup`<ol>${d.steps.map(
              (s) =>
                markup`<li><code>${s.from}</code> → <code>${s.id}</code>${s.by ? markup` <span class="muted">(${s.by})</span>` : ''}: ${s.changes.map((c) => markup`<div>${c}</div>`)}</li>`,
            )}</ol>`
      }<p class="muted">${shrinks.length} candidate(s) tried while shrinking; those that passed once were dropped.</p></section>
      <section id="trials"><h2>Trials</h2>${candidateTable('trials-table', trials, d.minimal)}</section>
      <section id="shrinking"><h2>Shrink candidates</h2>${candidateTable('shrink-table', shrinks, d.minimal)}</section>
    </main>
    ${pageFooter('explore')}`;
  return pageShell({ title: `redcheck explore: ${d.property}`, body, data: d, script: 'compare' });
}
