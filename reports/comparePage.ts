import { writeFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { RedcheckError } from '../src/errors.js';
import { analyzeHistory } from './analyzeHistory.js';
import { numberText, seconds, verdictText } from './format.js';
import { markup, type Raw } from './html.js';
import { pageShell } from './pageShell.js';
import { scenarioRows } from './runPage.js';
import { checkerResult, readStoredRun } from '../src/store/index.js';

/** The numbers of one run that the comparison page puts side by side. */
export interface RunSummary {
  dir: string;
  run: string;
  verdict: string;
  scenario: [string, string][];
  acknowledged?: number;
  lost?: number;
  lostPercent?: number;
  partial?: number;
  okPerSecond?: number;
  p50Ms?: number | null;
  p99Ms?: number | null;
  /** ns from the start of the fault before the first failover to that failover. */
  failoverNs?: number;
}

/** Read one run directory into the numbers `compare` shows. */
export async function summarizeRun(dir: string): Promise<RunSummary> {
  const files = readStoredRun(dir);
  const { results } = files;
  const set = checkerResult(results, 'set');
  const s: RunSummary = {
    dir,
    run: results.run || basename(dir),
    verdict: verdictText(results.valid),
    scenario: scenarioRows(files.scenario, results),
  };
  if (set) {
    s.acknowledged = set.acknowledged;
    s.lost = set.lost;
    s.lostPercent = set.lostPercent;
    s.partial = set.partial;
  }
  const fo = results.failovers?.[0];
  if (fo) {
    const cause = [...results.faults]
      .reverse()
      .find((f) => f.fault !== 'failover' && f.start <= fo.time);
    if (cause) s.failoverNs = fo.time - cause.start;
  }
  if (files.historyFile) {
    const a = await analyzeHistory(files.historyFile, { timelineCap: 1 });
    s.okPerSecond = a.okPerSecond;
    s.p50Ms = a.latencyMs.p50;
    s.p99Ms = a.latencyMs.p99;
  }
  return s;
}

function metricRow(
  runs: RunSummary[],
  label: string,
  key: string,
  cell: (r: RunSummary) => string,
): Raw {
  return markup`<tr>
    <th scope="row">${label}</th>
    ${runs.map((r, i) => markup`<td class="num" data-run="${i}" data-metric="${key}">${cell(r)}</td>`)}
  </tr>`;
}

/** The HTML of the comparison page for runs already summarized. */
export function renderComparePage(runs: RunSummary[]): string {
  const labels = [...new Set(runs.flatMap((r) => r.scenario.map(([k]) => k)))];
  const valueOf = (r: RunSummary, k: string): string =>
    r.scenario.find(([l]) => l === k)?.[1] ?? '–';
  const differs = labels.filter((k) => new Set(runs.map((r) => valueOf(r, k))).size > 1);
  const same = labels.filter((k) => !differs.includes(k));
  const maxPct = Math.max(...runs.map((r) => r.lostPercent ?? 0), 0);
  const head = markup`<thead>
    <tr>
      <th></th>
      ${runs.map((r, i) => markup`<th scope="col" data-run="${i}"><code>${r.run}</code></th>`)}
    </tr>
  </thead>`;
  const body = markup`<header
      class="banner verdict-${runs.some((r) => r.verdict === 'invalid') ? 'invalid' : runs.every((r) => r.verdict === 'valid') ? 'valid' : 'unknown'}"
    >
      <div class="banner-main">
        <div class="banner-verdict">
          Comparison of <span id="compare-count">${runs.length}</span> runs
        </div>
      </div>
    </header>
    <main id="compare-root">
      <section id="results">
        <h2>Results</h2>
        <div class="scroll-table">
          <table class="grid cmp-table" id="compare-results">
            ${head}
            <tbody>
              <tr>
                <th scope="row">verdict</th>
                ${runs.map((r, i) => markup`<td data-run="${i}" data-metric="verdict"><span class="pill pill-${r.verdict}">${r.verdict}</span></td>`)}
              </tr>
              ${metricRow(runs, 'acknowledged writes', 'acknowledged', (r) => numberText(r.acknowledged))}
              ${metricRow(runs, 'lost acknowledged writes', 'lost', (r) => numberText(r.lost))}
              ${metricRow(runs, 'lost, % of acknowledged', 'lostPercent', (r) => (r.lostPercent === undefined ? '–' : `${r.lostPercent.toFixed(2)} %`))}
              ${metricRow(runs, 'partial writes', 'partial', (r) => numberText(r.partial))}
              ${metricRow(runs, 'throughput (ok ops/s)', 'throughput', (r) => numberText(r.okPerSecond === undefined ? undefined : Math.round(r.okPerSecond)))}
              ${metricRow(runs, 'latency p50', 'p50', (r) => numberText(r.p50Ms, ' ms'))}
              ${metricRow(runs, 'latency p99', 'p99', (r) => numberText(r.p99Ms, ' ms'))}
              ${metricRow(runs, 'time to fail over', 'failover', (r) => (r.failoverNs === undefined ? '–' : seconds(r.failoverNs)))}
            </tbody>
          </table>
        </div>
      </section>
      <section id="lost-bars">
        <h2>Lost acknowledged writes, % of acknowledged</h2>
        <div class="bars">
          ${runs.map(
            (r, i) =>
              markup`<div class="bar-row" data-run="${i}">
                <div class="bar-label" title="${r.run}">
                  ${
                    r.scenario
                      .filter(([k]) => differs.includes(k))
                      .map(([k, v]) => `${k} ${v}`)
                      .join(' · ') || r.run
                  }
                </div>
                <div class="bar-track">
                  <div
                    class="bar-fill"
                    style="width:${maxPct > 0 ? (((r.lostPercent ?? 0) / maxPct) * 100).toFixed(2) : '0'}%"
                  ></div>
                </div>
                <div class="bar-value">
                  ${r.lostPercent === undefined ? '–' : `${r.lostPercent.toFixed(2)} %`}
                </div>
              </div>`,
          )}
        </div>
      </section>
      <section id="differs">
        <h2>What differs between the scenarios</h2>
        ${
          differs.length === 0
            ? markup`<p class="muted">The scenarios are the same.</p>`
            : markup`<div class="scroll-table">
                <table class="grid cmp-table">
                  ${head}
                  <tbody>
                    ${differs.map(
                      (k) =>
                        markup`<tr>
                          <th scope="row">${k}</th>
                          ${runs.map((r) => markup`<td class="diff">${valueOf(r, k)}</td>`)}
                        </tr>`,
                    )}
                  </tbody>
                </table>
              </div>`
        }
        <h3>The same in every run</h3>
        <table class="kv">
          ${same.map(
            (k) =>
              markup`<tr>
                <th scope="row">${k}</th>
                <td>${runs[0] ? valueOf(runs[0], k) : ''}</td>
              </tr>`,
          )}
        </table>
      </section>
      <section id="dirs">
        <h2>Run directories</h2>
        <ul>
          ${runs.map((r) => markup`<li><code>${r.dir}</code></li>`)}
        </ul>
      </section>
    </main>
    <footer class="muted">
      redcheck compare · one self-contained file, no network ·
      <span id="render-status">static</span>
    </footer>`;
  return pageShell({
    title: `redcheck compare: ${runs.length} runs`,
    body,
    data: { runs },
    script: 'compare',
  });
}

/** Write the comparison page of `runDirs` to `out`; returns the path written. */
export async function writeCompareReport(runDirs: readonly string[], out: string): Promise<string> {
  if (runDirs.length === 0) {
    throw new RedcheckError(
      'E_USAGE',
      'compare needs at least one run directory',
      'redcheck compare <run-dir>... [--out compare.html]',
    );
  }
  const runs: RunSummary[] = [];
  for (const dir of runDirs) runs.push(await summarizeRun(resolve(dir)));
  const path = resolve(out);
  writeFileSync(path, renderComparePage(runs));
  return path;
}
