/**
 * The suite page (`suite.html`): per claim, confirmed / refuted / unknown / error / pending,
 * the expectations with the numbers measured, the spread over repeated runs, what moved
 * against a baseline, and a link to each run's page. Drawn from `suite.json` only; the page
 * declares the shape it reads, and `src/suite` writes that shape.
 */
import { numberText } from './format.js';
import { tableSection } from './scrollTable.js';
import { tableHead } from './tableHead.js';
import { markup, type Raw } from './html.js';
import { pageShell } from './pageShell.js';
import { pageFooter } from './pageFooter.js';

type Measure = number | boolean | 'unknown';

/** What the page reads of `suite.json` (a structural subset of `SuiteResult`). */
export interface SuitePageData {
  startedAt: string;
  finishedAt: string;
  shard: { index: number; count: number } | null;
  repeat: number;
  exitCode: number;
  baseline?: { file: string; flipped: number; moved: number; missing: number };
  cases: readonly {
    id: string;
    file: string;
    redis?: string;
    claim?: { id: string; text: string };
    status: string;
    pending?: { issue: number; reason: string };
    expect: readonly string[];
    failures: readonly string[];
    runs: readonly {
      status: string;
      seed: number;
      run?: string;
      report?: string;
      command: string;
      ms: number;
      expectations: readonly {
        text: string;
        holds: boolean | 'unknown' | 'not-measured';
        measured: Record<string, Measure | null>;
      }[];
      error?: string;
    }[];
    numbers: Record<string, { min: number; median: number; max: number; n: number }>;
    baseline?: {
      status?: string;
      flipped: boolean;
      moved: readonly { name: string; from: number; to: number }[];
    };
  }[];
}

const STATUS_STYLE = `
.status{display:inline-block;padding:1px 8px;border-radius:9px;font-weight:600;font-size:.9em}
.status-confirmed{background:#dcf5e3;color:#11632e}.status-refuted{background:#fde2e2;color:#9b1c1c}
.status-unknown,.status-error{background:#fff1d6;color:#8a5200}.status-pending{background:#e8eaee;color:#454c57}
.flip{color:#9b1c1c;font-weight:600}.moved{color:#8a5200}.holds-true{color:#11632e}.holds-false{color:#9b1c1c}
td.expect div{white-space:nowrap}`;

function spreadText(s: { min: number; median: number; max: number; n: number }): string {
  return s.n > 1 && s.min !== s.max
    ? `${numberText(s.median)} (${numberText(s.min)}–${numberText(s.max)})`
    : numberText(s.median);
}

/** The numbers a row shows: those its expectations name, then the core ones. */
function shownNumbers(c: SuitePageData['cases'][number]): [string, string][] {
  const named = c.expect.flatMap((e) => [...e.matchAll(/[A-Za-z_][\w.]*/g)].map((m) => m[0]));
  const names = [...new Set([...named, 'set.lost', 'set.lostPercent', 'failoverMs'])];
  return names.flatMap((n) => {
    const s = c.numbers[n];
    return s ? [[n, spreadText(s)] as [string, string]] : [];
  });
}

function caseRow(c: SuitePageData['cases'][number]): Raw {
  const last = c.runs[c.runs.length - 1];
  const moved = c.baseline?.moved ?? [];
  return markup`<tr data-case="${c.id}">
    <th scope="row" class="claim-id">${c.claim?.id ?? '–'}</th>
    <td><code>${c.id}</code>${c.claim ? markup`<div class="muted">${c.claim.text}</div>` : ''}</td>
    <td><span class="status status-${c.status}" data-status="${c.status}">${c.status}</span>${
      c.baseline?.flipped ? markup`<div class="flip">was ${c.baseline.status ?? '–'}</div>` : ''
    }</td>
    <td class="expect">${
      c.pending
        ? markup`<div>waits for issue #${c.pending.issue}: ${c.pending.reason}</div>`
        : c.expect.map((text, i) => {
            const holds = last?.expectations[i]?.holds;
            return markup`<div class="holds-${String(holds)}">${holds === true ? '✓' : holds === false ? '✗' : '?'} <code>${text}</code></div>`;
          })
    }${c.failures.map((f) => markup`<div class="holds-false">${f}</div>`)}</td>
    <td>${shownNumbers(c).map(([k, v]) => markup`<div><code>${k}</code> ${v}</div>`)}${moved.map(
      (m) =>
        markup`<div class="moved">${m.name} moved ${numberText(m.from)} → ${numberText(m.to)}</div>`,
    )}</td>
    <td>${c.runs.map(
      (r, i) =>
        markup`<div>${
          r.report
            ? markup`<a href="${r.report}">${r.run ?? `run ${i + 1}`}</a>`
            : markup`<span>${r.error ? 'no run' : `run ${i + 1}`}</span>`
        } <span class="muted">seed ${r.seed} · ${numberText(Math.round(r.ms / 1000))} s</span></div>`,
    )}</td>
  </tr>`;
}

/** The suite page as one self-contained HTML document. */
export function renderSuitePage(data: SuitePageData): string {
  const counts = new Map<string, number>();
  for (const c of data.cases) counts.set(c.status, (counts.get(c.status) ?? 0) + 1);
  const verdict = data.exitCode === 0 ? 'valid' : data.exitCode === 1 ? 'invalid' : 'unknown';
  const body = markup`<style>${STATUS_STYLE}</style>
    <header class="banner verdict-${verdict}">
      <div class="banner-main">
        <div class="banner-verdict">
          redcheck suite: <span id="suite-counts">${[...counts].map(([s, n]) => `${n} ${s}`).join(', ')}</span>
        </div>
        <div class="muted">
          ${data.cases.length} scenarios${data.shard ? ` · shard ${data.shard.index}/${data.shard.count}` : ''}${data.repeat > 1 ? ` · ${data.repeat} runs each` : ''}
          · ${data.startedAt} – ${data.finishedAt} · exit <span id="suite-exit">${data.exitCode}</span>
        </div>
        ${
          data.baseline
            ? markup`<div id="baseline-note">against ${data.baseline.file}: ${data.baseline.flipped} claim(s) flipped, ${data.baseline.moved} number(s) moved beyond noise${data.baseline.missing ? `, ${data.baseline.missing} new` : ''}</div>`
            : ''
        }
      </div>
    </header>
    <main id="suite-root">
      ${tableSection(
        { id: 'claims', title: 'Claims' },
        { id: 'claims-table' },
        tableHead(
          'claim',
          'scenario',
          'status',
          'expectations',
          `numbers${data.repeat > 1 ? ' (median, min–max)' : ''}`,
          'runs',
        ),
        data.cases.map(caseRow),
      )}
      <section id="rerun">
        <h2>Re-run a scenario</h2>
        <ul>
          ${data.cases.flatMap((c) => c.runs.map((r) => markup`<li><code>${r.command}</code></li>`))}
        </ul>
      </section>
    </main>
    ${pageFooter('suite')}`;
  return pageShell({
    title: `redcheck suite: ${data.cases.length} scenarios`,
    body,
    data,
    script: 'compare',
  });
}
