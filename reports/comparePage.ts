import { writeFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { RedcheckError } from '../src/errors.js';
import { analyzeHistory } from './analyzeHistory.js';
import { causesText } from './causesText.js';
import { numberText, seconds, verdictText } from './format.js';
import { scrollTable, tableSection } from './scrollTable.js';
import { markup, type Raw } from './html.js';
import { pageShell } from './pageShell.js';
import { scenarioRows } from './runPage.js';
import { checkerResult, readStoredRun, type RunResults } from '../src/store/index.js';
import {
  delayedFsyncs,
  lossGroupTimes,
  lossWindows,
  promiseHeld,
  PROMISES,
  writeCost,
  type LossWindows,
} from './sweepMeasures.js';
import { pageFooter } from './pageFooter.js';

/** The claim a run is held to and how its expectations came out (`true`, `false`, ...). */
export interface RunJudgement {
  claim?: { id: string; text: string };
  expectations: { text: string; holds: string }[];
}

/**
 * Judges a stored run against its scenario's claim and expectations; given by the caller
 * (the expectation language lives above the reports), undefined when the scenario has none.
 */
export type RunJudge = (
  scenario: Readonly<Record<string, unknown>>,
  results: RunResults,
) => RunJudgement | undefined;

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
  /** Lost writes `results.json` lists (it caps the list): the loss windows are over these. */
  lostListed?: number;
  /** The loss causes in one line (unexplained first), from results.causes. */
  causes?: string | undefined;
  /** Lost writes no mechanism explains (absent: the run has no causes). */
  unexplained?: number;
  /** Per fault: the lost writes acknowledged before it, the oldest how long before. */
  lossWindows?: LossWindows;
  /** Ok writes per second and their latency with no fault in place. */
  quietWritesPerSecond?: number;
  writeP50Ms?: number | null;
  writeP99Ms?: number | null;
  writeP999Ms?: number | null;
  /** `aof_delayed_fsync` summed over the nodes at the end of the run. */
  aofDelayedFsync?: number;
  /** What the persistence setting promises, and whether this run kept it (`held`). */
  promise?: string;
  held?: 'yes' | 'no';
  judgement?: RunJudgement;
}

/** Read one run directory into the numbers `compare` shows. */
export async function summarizeRun(dir: string, judge?: RunJudge): Promise<RunSummary> {
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
    if (results.causes) {
      // Every lost write, by group (one node, one fault): none is left out.
      s.lossWindows = lossWindows(results, lossGroupTimes(results.causes));
      s.causes = causesText(results)?.replace(/^causes: /, '');
      s.unexplained = results.causes.counts.unexplained;
    } else {
      s.lostListed = set.lostWrites.length;
      s.lossWindows = lossWindows(results, set.lostWrites);
    }
  }
  const persistence = results.scenario.persistence;
  const promise = PROMISES[persistence];
  if (promise) s.promise = promise.claim ? `${promise.claim}: ${promise.text}` : promise.text;
  const held = promiseHeld(persistence, s.lost, s.lossWindows);
  if (held !== undefined) s.held = held;
  const fsyncs = delayedFsyncs(dir);
  if (fsyncs !== undefined) s.aofDelayedFsync = fsyncs;
  const judgement = judge?.(files.scenario, results);
  if (judgement !== undefined) s.judgement = judgement;
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
    const cost = await writeCost(files.historyFile, results);
    s.quietWritesPerSecond = cost.okWritesPerSecond;
    s.writeP50Ms = cost.p50Ms;
    s.writeP99Ms = cost.p99Ms;
    s.writeP999Ms = cost.p999Ms;
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

function textRow(
  runs: RunSummary[],
  label: string,
  key: string,
  cell: (r: RunSummary) => Raw | string,
): Raw {
  return markup`<tr>
    <th scope="row">${label}</th>
    ${runs.map((r, i) => markup`<td data-run="${i}" data-metric="${key}">${cell(r)}</td>`)}
  </tr>`;
}

/** `163 ms` (the largest), each fault's window when there were several, what is left out. */
function windowText(r: RunSummary): string {
  if (r.lost === undefined || r.lossWindows === undefined) return '–';
  if (r.lost === 0) return 'nothing lost';
  const { windows: ws, afterLastStart } = r.lossWindows;
  const parts: string[] = [];
  if (ws.length > 0) {
    const max = Math.max(...ws.map((w) => w.windowMs));
    const each =
      ws.length > 1
        ? ` (${ws.map((w) => `${w.fault} ${numberText(w.windowMs, ' ms')}`).join(', ')})`
        : '';
    parts.push(`${numberText(max, ' ms')}${each}`);
  } else parts.push('–');
  if (afterLastStart > 0)
    parts.push(`${numberText(afterLastStart)} acknowledged after the last fault started`);
  if (r.lostListed !== undefined && r.lostListed < r.lost) {
    parts.push(`over the ${numberText(r.lostListed)} lost writes listed`);
  }
  return parts.join('; ');
}

/** The rows of the sweep's measures: loss window, promise, cost with no fault, claim. */
function sweepRows(runs: RunSummary[]): Raw[] {
  const rows = [
    textRow(runs, 'lost before the fault: oldest lost write', 'lossWindow', windowText),
    textRow(
      runs,
      'what the persistence setting promises (claim)',
      'promise',
      (r) => r.promise ?? '–',
    ),
    textRow(runs, 'promise kept', 'held', (r) =>
      r.held === undefined
        ? '–'
        : markup`<span class="pill pill-${r.held === 'yes' ? 'valid' : 'invalid'}">${r.held}</span>`,
    ),
    metricRow(runs, 'write throughput, no fault (ok writes/s)', 'quietThroughput', (r) =>
      numberText(
        r.quietWritesPerSecond === undefined ? undefined : Math.round(r.quietWritesPerSecond),
      ),
    ),
    metricRow(runs, 'write latency p50, no fault', 'writeP50', (r) =>
      numberText(r.writeP50Ms, ' ms'),
    ),
    metricRow(runs, 'write latency p99, no fault', 'writeP99', (r) =>
      numberText(r.writeP99Ms, ' ms'),
    ),
    metricRow(runs, 'write latency p99.9, no fault', 'writeP999', (r) =>
      numberText(r.writeP999Ms, ' ms'),
    ),
  ];
  if (runs.some((r) => r.aofDelayedFsync !== undefined)) {
    rows.push(
      metricRow(runs, 'fsync stalls (aof_delayed_fsync, all nodes)', 'aofDelayedFsync', (r) =>
        numberText(r.aofDelayedFsync),
      ),
    );
  }
  if (runs.some((r) => r.judgement !== undefined)) {
    rows.push(
      textRow(runs, 'claim', 'claim', (r) =>
        r.judgement?.claim ? `${r.judgement.claim.id}: ${r.judgement.claim.text}` : '–',
      ),
      textRow(runs, 'expectations', 'expectations', (r) =>
        r.judgement === undefined || r.judgement.expectations.length === 0
          ? '–'
          : markup`${r.judgement.expectations.map(
              (e) =>
                markup`<div>
                  <code>${e.text}</code>
                  <span class="pill pill-${e.holds === 'true' ? 'valid' : e.holds === 'false' ? 'invalid' : 'unknown'}">${e.holds}</span>
                </div>`,
            )}`,
      ),
    );
  }
  return rows;
}

/** The HTML of the comparison page for runs already summarized. */
export function renderComparePage(runs: RunSummary[]): string {
  const labels = [...new Set(runs.flatMap((r) => r.scenario.map(([k]) => k)))];
  const valueOf = (r: RunSummary, k: string): string =>
    r.scenario.find(([l]) => l === k)?.[1] ?? '–';
  const differs = labels.filter((k) => new Set(runs.map((r) => valueOf(r, k))).size > 1);
  const same = labels.filter((k) => !differs.includes(k));
  const maxPct = Math.max(...runs.map((r) => r.lostPercent ?? 0), 0);
  // What sets a run apart from the others (`persistence aof-always`): the column's setting.
  const settingOf = (r: RunSummary): string =>
    differs.map((k) => `${k} ${valueOf(r, k)}`).join(' · ');
  const head = markup`<thead>
    <tr>
      <th></th>
      ${runs.map(
        (r, i) =>
          markup`<th scope="col" data-run="${i}">
            <code>${r.run}</code>
            <div class="muted" data-setting="${i}">${settingOf(r)}</div>
          </th>`,
      )}
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
      ${tableSection(
        { id: 'results', title: 'Results' },
        { id: 'compare-results', className: 'cmp-table' },
        head,
        markup`<tr>
                <th scope="row">verdict</th>
                ${runs.map((r, i) => markup`<td data-run="${i}" data-metric="verdict"><span class="pill pill-${r.verdict}">${r.verdict}</span></td>`)}
              </tr>
              ${metricRow(runs, 'acknowledged writes', 'acknowledged', (r) => numberText(r.acknowledged))}
              ${metricRow(runs, 'lost acknowledged writes', 'lost', (r) => numberText(r.lost))}
              ${metricRow(runs, 'lost, % of acknowledged', 'lostPercent', (r) => (r.lostPercent === undefined ? '–' : `${r.lostPercent.toFixed(2)} %`))}
              ${metricRow(runs, 'loss causes', 'causes', (r) => r.causes ?? (r.lost === 0 ? 'nothing lost' : '–'))}
              ${metricRow(runs, 'lost writes unexplained', 'unexplained', (r) => numberText(r.unexplained))}
              ${metricRow(runs, 'partial writes', 'partial', (r) => numberText(r.partial))}
              ${metricRow(runs, 'throughput (ok ops/s)', 'throughput', (r) => numberText(r.okPerSecond === undefined ? undefined : Math.round(r.okPerSecond)))}
              ${metricRow(runs, 'latency p50', 'p50', (r) => numberText(r.p50Ms, ' ms'))}
              ${metricRow(runs, 'latency p99', 'p99', (r) => numberText(r.p99Ms, ' ms'))}
              ${metricRow(runs, 'time to fail over', 'failover', (r) => (r.failoverNs === undefined ? '–' : seconds(r.failoverNs)))}`,
      )}
      <section id="durability">
        <h2>Durability and what it costs, per setting</h2>
        <p class="muted">
          Lost before the fault: per fault, how long before it the oldest lost write charged to it was
          acknowledged (a lost write is charged to the first fault that started after its
          acknowledgement). Cost: ok writes invoked and completed with no fault in place.
        </p>
        ${scrollTable({ id: 'compare-durability', className: 'cmp-table' }, head, sweepRows(runs))}
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
    ${pageFooter('compare')}`;
  return pageShell({
    title: `redcheck compare: ${runs.length} runs`,
    body,
    data: { runs },
    script: 'compare',
  });
}

/** Write the comparison page of `runDirs` to `out`; returns the path written. */
export async function writeCompareReport(
  runDirs: readonly string[],
  out: string,
  options: { judge?: RunJudge } = {},
): Promise<string> {
  if (runDirs.length === 0) {
    throw new RedcheckError(
      'E_USAGE',
      'compare needs at least one run directory',
      'redcheck compare <run-dir>... [--out compare.html]',
    );
  }
  const runs: RunSummary[] = [];
  for (const dir of runDirs) runs.push(await summarizeRun(resolve(dir), options.judge));
  const path = resolve(out);
  writeFileSync(path, renderComparePage(runs));
  return path;
}
