import { readHistory } from '../src/history/jsonl.js';
import type { FaultRecord, RunResults } from '../src/runner/results.js';
import { analyzeHistory, valueKey, type HistoryAnalysis } from './analyzeHistory.js';
import { durationText, numberText, seconds, valueText, verdictText } from './format.js';
import { markup, type Raw } from './html.js';
import { lanesFor, partitionEvidence } from './lanes.js';
import { lostCountOf, lostWritesOf, type LostWrite } from './lostWrites.js';
import type { FaultSpan, LanesData, RunPageData } from './pageData.js';
import { pageShell } from './pageShell.js';
import type { RunFiles } from './readRun.js';

/** Rows of the lost-write table kept in the page; the rest are counted. */
const LOST_ROWS = 2000;

type Entry = Record<string, unknown>;

function faultSpans(faults: readonly FaultRecord[] | undefined): FaultSpan[] {
  return (faults ?? []).map((f) => {
    const span: FaultSpan = {
      fault: f.fault,
      label: [f.fault, f.description ?? f.target].filter(Boolean).join(': '),
      start: f.start / 1e9,
      instant: f.end === undefined || f.end === f.start,
    };
    if (f.end !== undefined) span.end = f.end / 1e9;
    return span;
  });
}

function isScalar(v: unknown): v is string | number | boolean | null {
  return v === null || ['string', 'number', 'boolean'].includes(typeof v);
}

function scalarFacts(entry: Entry, skip: readonly string[]): [string, string][] {
  return Object.entries(entry)
    .filter(([k, v]) => !skip.includes(k) && isScalar(v))
    .map(([k, v]) => [k, typeof v === 'number' ? numberText(v) : String(v)]);
}

function banner(
  results: RunResults,
  lost: number | undefined,
  a: HistoryAnalysis | undefined,
): Raw {
  const v = verdictText(results.valid);
  const reasons = Object.entries(results.checkers)
    .filter(([, c]) => c.valid !== true)
    .map(
      ([name, c]) =>
        `${name} ${verdictText(c.valid)}${c.reason || c.error ? `: ${c.reason ?? c.error ?? ''}` : ''}`,
    );
  return markup`<header class="banner verdict-${v}" id="banner">
    <div class="banner-main">
      <div class="banner-verdict">Verdict: <span id="verdict">${v}</span></div>
      <div class="banner-run">
        run <code>${results.run}</code> · started ${results.startedAt} · seed ${results.seed}
      </div>
    </div>
    <dl class="banner-facts">
      ${
        lost !== undefined
          ? markup`<div>
              <dt>lost acknowledged writes</dt>
              <dd id="lost-count">${lost}</dd>
            </div>`
          : ''
      }
      ${
        a
          ? markup`<div>
                <dt>client ops</dt>
                <dd>${numberText(a.clientOps)}</dd>
              </div>
              <div>
                <dt>ok ops/s</dt>
                <dd>${numberText(Math.round(a.okPerSecond))}</dd>
              </div>`
          : ''
      }
      <div>
        <dt>faults</dt>
        <dd>${results.faults?.length ?? 0}</dd>
      </div>
    </dl>
    ${reasons.length > 0 ? markup`<p class="banner-why">Failing checkers: ${reasons.join('; ')}</p>` : ''}
  </header>`;
}

function checkerTable(results: RunResults): Raw {
  const rows = Object.entries(results.checkers).map(([name, c]) => {
    const v = verdictText(c.valid);
    const facts = scalarFacts(c, ['valid', 'reason', 'error']);
    return markup`<tr class="row-${v}">
      <th scope="row">${name}</th>
      <td><span class="pill pill-${v}" data-checker="${name}">${v}</span></td>
      <td class="facts">
        ${facts.map(([k, val]) => markup`<span class="fact"><span class="k">${k}</span> ${val}</span> `)}${c.reason ? markup`<div class="why">why: ${c.reason}</div>` : ''}${c.error ? markup`<div class="why">error: ${c.error}</div>` : ''}
      </td>
    </tr>`;
  });
  return markup`<section id="checkers">
    <h2>Checkers</h2>
    <table class="grid">
      <thead>
        <tr>
          <th>checker</th>
          <th>verdict</th>
          <th>details</th>
        </tr>
      </thead>
      <tbody>
        ${rows}
      </tbody>
    </table>
  </section>`;
}

/** Scenario rows in a fixed order, then any other plain settings. */
export function scenarioRows(scenario: Entry, results: RunResults): [string, string][] {
  const get = (k: string): unknown => scenario[k] ?? (results.scenario as Entry | undefined)?.[k];
  const rows: [string, string][] = [];
  const add = (label: string, v: unknown): void => {
    if (v === undefined || v === null || v === '') return;
    rows.push([label, Array.isArray(v) ? v.map(valueText).join(', ') || 'none' : valueText(v)]);
  };
  add('topology', get('topology'));
  add('mode', get('mode'));
  add('workload', get('workload'));
  add('nemesis', get('nemesis'));
  add('persistence', get('persistence'));
  add('redis', get('redis'));
  add('redis version', results.redisVersion);
  add('seed', results.seed ?? get('seed'));
  const limit = get('timeLimitMs');
  add('time limit', typeof limit === 'number' ? durationText(limit) : limit);
  add('concurrency', get('concurrency'));
  const shown = [
    'topology',
    'mode',
    'workload',
    'nemesis',
    'persistence',
    'redis',
    'seed',
    'timeLimitMs',
    'concurrency',
  ];
  const merged: Entry = { ...(results.scenario ?? {}), ...scenario };
  for (const [k, v] of Object.entries(merged)) {
    if (shown.includes(k)) continue;
    if (isScalar(v)) add(k, v);
    else if (Array.isArray(v) && v.every(isScalar)) add(k, v);
    else if (v && typeof v === 'object') add(k, JSON.stringify(v));
  }
  return rows;
}

function scenarioSection(files: RunFiles): Raw {
  const rows = scenarioRows(files.scenario, files.results);
  return markup`<section id="scenario">
    <h2>Scenario</h2>
    <table class="kv">
      ${rows.map(
        ([k, v]) =>
          markup`<tr>
            <th scope="row">${k}</th>
            <td>${v}</td>
          </tr>`,
      )}
    </table>
    <h3>Re-run this scenario</h3>
    <div class="command">
      <pre id="rerun-command">${files.results.command ?? ''}</pre>
      <button type="button" id="copy-command" class="js-only">Copy</button>
    </div>
  </section>`;
}

function percent(part: number | undefined, whole: number | undefined): string {
  if (part === undefined || !whole) return '–';
  return `${((100 * part) / whole).toFixed(2)} %`;
}

function nodesTable(set: Entry): Raw {
  const v = set.nodes;
  if (!v || typeof v !== 'object') return markup``;
  const rows: [string, Entry][] = Array.isArray(v)
    ? v.map((x, i): [string, Entry] => {
        const e = (x && typeof x === 'object' ? x : { value: x }) as Entry;
        return [typeof e.node === 'string' ? e.node : String(i), e];
      })
    : Object.entries(v as Entry).map(([k, x]): [string, Entry] => [
        k,
        (x && typeof x === 'object' ? x : { value: x }) as Entry,
      ]);
  if (rows.length === 0) return markup``;
  const cols = [...new Set(rows.flatMap(([, e]) => Object.keys(e).filter((k) => k !== 'node')))];
  return markup`<h3>Nodes: what each one holds after the run</h3>
    <table class="grid" id="node-table">
      <thead>
        <tr>
          <th>node</th>
          ${cols.map((c) => markup`<th>${c}</th>`)}
        </tr>
      </thead>
      <tbody>
        ${rows.map(
          ([name, e]) =>
            markup`<tr>
              <th scope="row">${name}</th>
              ${cols.map((c) => markup`<td>${isScalar(e[c]) ? valueText(e[c]) : JSON.stringify(e[c])}</td>`)}
            </tr>`,
        )}
      </tbody>
    </table>`;
}

function lostRow(w: LostWrite): Raw {
  const latency =
    w.invoke !== undefined && w.complete !== undefined
      ? `${((w.complete - w.invoke) / 1e6).toFixed(1)} ms`
      : '';
  const anchor = w.index !== undefined ? markup`<a href="#op-${w.index}">${w.index}</a>` : '';
  return markup`<tr>
    <td class="mono">${valueText(w.value)}</td>
    <td>${seconds(w.invoke)}</td>
    <td>${seconds(w.complete)}</td>
    <td>${latency}</td>
    <td>${w.process ?? ''}</td>
    <td>${w.node ?? ''}</td>
    <td>${w.fault || 'none'}</td>
    <td>${anchor}</td>
  </tr>`;
}

function lostSection(
  results: RunResults,
  a: HistoryAnalysis | undefined,
  writes: LostWrite[],
): Raw {
  const set = results.checkers.set as Entry | undefined;
  if (!set) return markup``;
  const num = (k: string): number | undefined => (typeof set[k] === 'number' ? set[k] : undefined);
  const ack = num('acknowledged');
  const lost = lostCountOf(set);
  const sumType = (type: string): number | undefined =>
    a ? Object.values(a.counts).reduce((s, row) => s + (row[type] ?? 0), 0) : undefined;
  const lostPct = num('lostPercent');
  const cats: [string, number | undefined, string, string][] = [
    ['acknowledged', ack, '', 'writes the client saw succeed'],
    [
      'lost',
      lost,
      lostPct !== undefined ? `${lostPct.toFixed(2)} % of acknowledged` : percent(lost, ack),
      'acknowledged, then absent from the final state',
    ],
    [
      'partial',
      num('partial'),
      `${percent(num('partial'), ack)} of acknowledged`,
      'in one key of the write but not the other',
    ],
    [
      'unexpected',
      num('unexpected'),
      `${percent(num('unexpected'), sumType('fail'))} of failed ops`,
      'reported failed, yet present',
    ],
    [
      'recovered',
      num('recovered'),
      `${percent(num('recovered'), sumType('info'))} of indeterminate ops`,
      'outcome unknown (info), present',
    ],
  ];
  const shown = writes.slice(0, LOST_ROWS);
  return markup`<section id="lost">
    <h2>Lost writes</h2>
    <table class="grid cats">
      <thead>
        <tr>
          <th>category</th>
          <th>count</th>
          <th>percent</th>
          <th>meaning</th>
        </tr>
      </thead>
      <tbody>
        ${cats.map(
          ([k, n, p, m]) =>
            markup`<tr class="cat-${k}">
              <th scope="row">${k}</th>
              <td class="num" data-category="${k}">${n ?? '–'}</td>
              <td class="num">${n === undefined ? '–' : p}</td>
              <td class="muted">${m}</td>
            </tr>`,
        )}
      </tbody>
    </table>
    ${
      writes.length > 0
        ? markup`<h3>
              Acknowledged writes that were
              lost${writes.length > shown.length ? markup` <span class="note">(showing ${shown.length} of ${writes.length})</span>` : ''}
            </h3>
            <div class="scroll-table">
              <table class="grid" id="lost-table">
                <thead>
                  <tr>
                    <th>value</th>
                    <th>invoked</th>
                    <th>acknowledged</th>
                    <th>latency</th>
                    <th>process</th>
                    <th>node</th>
                    <th>fault active</th>
                    <th>op</th>
                  </tr>
                </thead>
                <tbody>
                  ${shown.map(lostRow)}
                </tbody>
              </table>
            </div>`
        : lost
          ? markup`<p class="note">The checker counted ${lost} lost writes but listed none.</p>`
          : markup`<p class="muted">No acknowledged write was lost.</p>`
    }
    ${nodesTable(set)}
  </section>`;
}

function countsSection(a: HistoryAnalysis): Raw {
  const types = ['ok', 'fail', 'info', 'pending'];
  const fs = Object.keys(a.counts).sort();
  const total = (t: string): number => fs.reduce((s, f) => s + (a.counts[f]?.[t] ?? 0), 0);
  return markup`<section id="counts">
    <h2>Operations</h2>
    <table class="grid" id="op-counts">
      <thead>
        <tr>
          <th>function</th>
          ${types.map((t) => markup`<th class="t-${t}">${t}</th>`)}
          <th>total</th>
        </tr>
      </thead>
      <tbody>
        ${fs.map(
          (f) =>
            markup`<tr>
              <th scope="row">${f}</th>
              ${types.map((t) => markup`<td class="num">${numberText(a.counts[f]?.[t] ?? 0)}</td>`)}
              <td class="num">
                ${numberText(types.reduce((s, t) => s + (a.counts[f]?.[t] ?? 0), 0))}
              </td>
            </tr>`,
        )}
        <tr class="total">
          <th scope="row">all</th>
          ${types.map((t) => markup`<td class="num">${numberText(total(t))}</td>`)}
          <td class="num">${numberText(a.clientOps)}</td>
        </tr>
      </tbody>
    </table>
    <p class="muted">
      ${numberText(a.events)} history events over ${a.durationS.toFixed(1)} s;
      ${a.nemesisOps.length} nemesis events. Latency of ok ops: p50
      ${numberText(a.latencyMs.p50, ' ms')}, p95 ${numberText(a.latencyMs.p95, ' ms')}, p99
      ${numberText(a.latencyMs.p99, ' ms')}, max ${numberText(a.latencyMs.max, ' ms')}.
    </p>
    ${a.warnings.map((w) => markup`<p class="note">history: ${w}</p>`)}
    <h3>Errors by message</h3>
    ${
      a.errors.length === 0
        ? markup`<p class="muted">No op completed with an error.</p>`
        : markup`<div class="scroll-table">
              <table class="grid" id="error-groups">
                <thead>
                  <tr>
                    <th>count</th>
                    <th>message</th>
                    <th>example</th>
                  </tr>
                </thead>
                <tbody>
                  ${a.errors.map(
                    (e) =>
                      markup`<tr>
                        <td class="num">${numberText(e.count)}</td>
                        <td class="mono">${e.message}</td>
                        <td>
                          <details>
                            <summary>one op</summary>
                            <pre>${e.example}</pre>
                          </details>
                        </td>
                      </tr>`,
                  )}
                </tbody>
              </table>
            </div>
            ${a.otherErrors > 0 ? markup`<p class="note">${numberText(a.otherErrors)} more ops had one of the rarer messages not listed.</p>` : ''}`
    }
  </section>`;
}

function faultsSection(results: RunResults): Raw {
  const faults = results.faults ?? [];
  const failovers = results.failovers ?? [];
  return markup`<section id="faults">
    <h2>Faults</h2>
    ${
      faults.length === 0
        ? markup`<p class="muted">No faults were injected.</p>`
        : markup`<table class="grid" id="fault-table">
            <thead>
              <tr>
                <th>fault</th>
                <th>who</th>
                <th>start</th>
                <th>end</th>
                <th>took effect</th>
              </tr>
            </thead>
            <tbody>
              ${faults.map(
                (f) =>
                  markup`<tr>
                    <th scope="row">${f.fault}</th>
                    <td>${f.description ?? f.target ?? ''}</td>
                    <td>${seconds(f.start)}</td>
                    <td>${f.end === undefined ? 'instant' : seconds(f.end)}</td>
                    <td>${f.verified === undefined ? '–' : f.verified ? 'yes' : 'NOT VERIFIED'}</td>
                  </tr>`,
              )}
            </tbody>
          </table>`
    }
    ${
      failovers.length > 0
        ? markup`<h3>Failovers observed</h3>
            <ul>
              ${failovers.map((f) => markup`<li>${seconds(f.time)}: ${f.from ?? '?'} → ${f.to}</li>`)}
            </ul>`
        : ''
    }
    ${results.settle ? markup`<p>Settle after heal: ${results.settle.settled ? 'settled' : 'did NOT settle'} in ${durationText(results.settle.ms)}${results.settle.primary ? `, primary ${results.settle.primary}` : ''}${results.settle.reason ? ` (${results.settle.reason})` : ''}.</p>` : ''}
    ${
      Object.keys(results.phases ?? {}).length > 0
        ? markup`<p class="muted">
            Phases:
            ${Object.entries(results.phases)
              .map(([k, ms]) => `${k} ${durationText(ms)}`)
              .join(', ')}.
          </p>`
        : ''
    }
  </section>`;
}

const PLOT_SECTIONS = markup`<section id="plots">
    <h2>Throughput and latency</h2>
    <noscript
      ><p class="note">
        The plots and the timeline need JavaScript; everything else on this page reads without it.
      </p></noscript
    >
    <p class="legend-note">
      <span class="swatch fault"></span> fault active <span class="swatch instant"></span> instant
      fault (kill, failover)
    </p>
    <div class="plot" id="plot-throughput"></div>
    <div class="plot" id="plot-latency"></div>
    <div class="plot" id="plot-quantiles"></div>
  </section>
  <section id="timeline">
    <h2>Timeline</h2>
    <p class="muted">
      One column per process, time downwards; each op is a bar from invoke to completion. Hover for
      the op; <code>#op-N</code> in the address jumps to op N.
    </p>
    <div id="timeline-root"></div>
  </section>`;

function lanesSection(lanes: LanesData[]): Raw {
  if (lanes.length === 0) return markup``;
  return markup`<section id="linearizability">
    <h2>Linearizability</h2>
    <div id="lanes-root"></div>
  </section>`;
}

/** Lanes for every partition a linearizability checker entry of the results carries. */
async function runLanes(files: RunFiles): Promise<LanesData[]> {
  const withEvidence = Object.entries(files.results.checkers)
    .map(([name, c]) => [name, partitionEvidence(c).filter((p) => p.valid !== true)] as const)
    .filter(([, ps]) => ps.length > 0);
  if (withEvidence.length === 0 || !files.historyFile) return [];
  const history = await readHistory(files.historyFile);
  return withEvidence.flatMap(([name, ps]) => ps.map((p) => lanesFor(name, history, p)));
}

/** The HTML of a run's page, from its stored files. */
export async function renderRunPage(files: RunFiles): Promise<string> {
  const { results } = files;
  const set = results.checkers.set as Entry | undefined;
  const lostList = lostWritesOf(set);
  const firstLost = lostList
    .map((w) => w.invoke)
    .filter((t): t is number => t !== undefined)
    .sort((x, y) => x - y)[0];
  const firstFault = results.faults?.[0]?.start;
  const analysis = files.historyFile
    ? await analyzeHistory(files.historyFile, {
        lostValues: new Set(lostList.map((w) => valueKey(w.value))),
        lostKeys: new Set(lostList.map((w) => `${w.process}@${w.invoke}`)),
        ...(firstLost !== undefined
          ? {
              timelineCentreNs: firstLost,
              timelineCentreWhy: `around the first lost write (t=${(firstLost / 1e9).toFixed(3)} s)`,
            }
          : firstFault !== undefined
            ? {
                timelineCentreNs: firstFault,
                timelineCentreWhy: `around the first fault (t=${(firstFault / 1e9).toFixed(3)} s)`,
              }
            : {}),
      })
    : undefined;
  for (const w of lostList) {
    const found = analysis?.lostIndex.get(`${w.process}@${w.invoke}`);
    if (w.index === undefined && found !== undefined) w.index = found;
  }
  const lanes = await runLanes(files);
  const empty = { x: [], y: [], total: 0 };
  const data: RunPageData = {
    run: results.run,
    valid: results.valid,
    durationS: analysis?.durationS ?? 0,
    faults: faultSpans(results.faults),
    failovers: (results.failovers ?? []).map((f) => ({ ...f, t: f.time / 1e9 })),
    throughput: analysis?.throughput ?? { bucketS: 1, x: [], series: [] },
    latency: analysis?.latency ?? { ok: empty, fail: empty, info: empty, limit: 0 },
    quantiles: analysis?.quantiles ?? { bucketS: 1, x: [], p50: [], p95: [], p99: [], max: [] },
    timeline: analysis?.timeline ?? { processes: [], ops: [], total: 0, window: 'no history' },
    lanes,
  };
  const body = markup`${banner(results, lostCountOf(set), analysis)}
    <nav class="toc">
      <a href="#checkers">checkers</a>
      <a href="#scenario">scenario</a> ${set ? markup`<a href="#lost">lost writes</a> ` : ''}<a
        href="#faults"
        >faults</a
      >
      <a href="#plots">plots</a>
      <a href="#timeline">timeline</a>
      ${lanes.length ? markup`<a href="#linearizability">linearizability</a> ` : ''}<a href="#counts"
        >operations</a
      >
    </nav>
    <main>
      ${checkerTable(results)} ${scenarioSection(files)} ${lostSection(results, analysis, lostList)}
      ${faultsSection(results)}
      ${
        analysis
          ? PLOT_SECTIONS
          : markup`<section id="plots">
              <h2>Plots</h2>
              <p class="note">This run has no history.jsonl: no plots or timeline.</p>
            </section>`
      }
      ${lanesSection(lanes)} ${analysis ? countsSection(analysis) : ''}
    </main>
    <footer class="muted">
      redcheck report · one self-contained file, no network · <span id="render-status">static</span>
    </footer>`;
  return pageShell({
    title: `redcheck ${verdictText(results.valid)}: ${results.run}`,
    body,
    data,
    script: 'run',
  });
}
