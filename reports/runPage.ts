import type { FaultInterval } from '../src/history/faultInterval.js';
import { readHistory } from '../src/history/jsonl.js';
import type { History } from '../src/history/op.js';
import {
  CHECKER_NAMES,
  checkerResult,
  type CheckerName,
  type RunResults,
  type StoredRun,
} from '../src/store/index.js';
import { analyzeHistory, valueKey, type HistoryAnalysis } from './analyzeHistory.js';
import { timelineAnchors, type TimelineAnchor } from './timelineWindows.js';
import { durationText, numberText, seconds, verdictText } from './format.js';
import { observersSection } from './observersSection.js';
import { markup, type Raw } from './html.js';
import type { FaultSpan, LanesData, RunPageData } from './pageData.js';
import { pageShell } from './pageShell.js';
import {
  CHECKER_SECTIONS,
  type BannerFact,
  type SectionContext,
  type TimelineFocus,
} from './sections/index.js';
import { tableHead } from './tableHead.js';
import { noscriptNote } from './noscriptNote.js';
import { lossStorySection, lostSamplesSection } from './lossStory.js';
import { nodeLogsSection, nodesWithLogs } from './nodeLogs.js';
import { scenarioSection, type ScenarioDefaults } from './scenarioSection.js';

export { scenarioRows } from './scenarioSection.js';
import { pageFooter } from './pageFooter.js';

function faultSpans(faults: readonly FaultInterval[]): FaultSpan[] {
  return faults.map((f) => {
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

function scalarFacts(entry: object, skip: readonly string[]): [string, string][] {
  return Object.entries(entry)
    .filter(([k, v]) => !skip.includes(k) && isScalar(v))
    .map(([k, v]) => [k, typeof v === 'number' ? numberText(v) : String(v)]);
}

/** The checker entries of a run, in registry order. */
function checkerEntries(results: RunResults) {
  return CHECKER_NAMES.flatMap((name) => {
    const c = results.checkers[name];
    return c === undefined ? [] : [[name, c] as const];
  });
}

function banner(results: RunResults, facts: BannerFact[], a: HistoryAnalysis | undefined): Raw {
  const v = verdictText(results.valid);
  const reasons = checkerEntries(results)
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
      ${facts.map(
        (f) =>
          markup`<div>
            <dt>${f.label}</dt>
            <dd${f.id ? markup` id="${f.id}"` : ''}>${typeof f.value === 'number' ? numberText(f.value) : f.value}</dd>
          </div>`,
      )}
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
        <dd>${results.faults.length}</dd>
      </div>
    </dl>
    ${reasons.length > 0 ? markup`<p class="banner-why">Failing checkers: ${reasons.join('; ')}</p>` : ''}
  </header>`;
}

function checkerTable(results: RunResults): Raw {
  const rows = checkerEntries(results).map(([name, c]) => {
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
      ${tableHead('checker', 'verdict', 'details')}
      <tbody>
        ${rows}
      </tbody>
    </table>
  </section>`;
}

function faultsSection(results: RunResults): Raw {
  const faults = results.faults;
  const failovers = results.failovers ?? [];
  return markup`<section id="faults">
    <h2>Faults</h2>
    ${
      faults.length === 0
        ? markup`<p class="muted">No faults were injected.</p>`
        : markup`<table class="grid" id="fault-table">
            ${tableHead('fault', 'who', 'start', 'end', 'took effect')}
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
      Object.keys(results.phases).length > 0
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
    ${noscriptNote('The plots and the timeline need JavaScript; everything else on this page reads without it.')}
    <p class="legend-note">
      <span class="swatch fault"></span> fault active <span class="swatch instant"></span> instant
      fault (kill, failover) <span class="swatch failover-line"></span> failover (a new primary) ·
      every plot's x axis: seconds since the run started (t = 0), to the end of the run
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

/** One registered checker's part of the page: its banner facts, timeline focus and section. */
interface CheckerPart {
  readonly name: CheckerName;
  readonly id: string;
  readonly label: string;
  readonly facts: BannerFact[];
  readonly focus: TimelineFocus | undefined;
  render(ctx: SectionContext): Promise<{ body: Raw; lanes?: readonly LanesData[] }>;
}

function checkerPart<K extends CheckerName>(results: RunResults, name: K): CheckerPart[] {
  const section = CHECKER_SECTIONS[name];
  const result = checkerResult(results, name);
  if (section === undefined || result === undefined) return [];
  return [
    {
      name,
      id: section.id,
      label: section.label,
      facts: section.bannerFacts?.(result) ?? [],
      focus: section.timelineFocus?.(result),
      render: async (ctx) => section.render(result, ctx),
    },
  ];
}

/** The run's end (ns) as results.json knows it before the history is read. */
function expectedEndNs(results: RunResults): number {
  const limit = results.scenario.timeLimitMs;
  return Math.max(
    results.causes?.buckets.endNs ?? 0,
    ...results.faults.map((f) => f.end ?? f.start),
    typeof limit === 'number' ? limit * 1e6 : 0,
    1e6,
  );
}

/**
 * What the timeline keeps: windows around a checker's focus (else the first fault), each
 * cause's first and last lost write, each fault's start and end and evenly spread times; the
 * lost writes the checker listed and the causes' samples are marked.
 */
function timelineOptions(focus: TimelineFocus | undefined, results: RunResults) {
  const firstFault = results.faults[0]?.start;
  const centre: TimelineAnchor | undefined =
    focus?.centreNs !== undefined
      ? { ns: focus.centreNs, why: focus.why ?? `t=${(focus.centreNs / 1e9).toFixed(3)} s` }
      : firstFault !== undefined
        ? { ns: firstFault, why: `around the first fault (t=${(firstFault / 1e9).toFixed(3)} s)` }
        : undefined;
  const losses = (results.causes?.groups ?? []).slice(0, 4).flatMap((g) => [
    {
      ns: g.firstAck,
      why: `the first ${g.cause} loss on ${g.node ?? '?'} (t=${(g.firstAck / 1e9).toFixed(3)} s)`,
    },
    {
      ns: g.lastAck,
      why: `the last ${g.cause} loss on ${g.node ?? '?'} (t=${(g.lastAck / 1e9).toFixed(3)} s)`,
    },
  ]);
  const lostValues = new Set([
    ...(focus?.lostValues ?? []),
    ...(results.causes?.samples ?? []).map((x) => valueKey(x.element)),
  ]);
  return {
    lostValues,
    ...(focus ? { lostKeys: new Set(focus.lostKeys) } : {}),
    timelineAnchors: timelineAnchors(centre, losses, results.faults, expectedEndNs(results)),
  };
}

/** What a run page may be given beside the run's files; every field optional. */
export interface RunPageOptions {
  /** The defaults of a run like this one, so the scenario shows what differs from them. */
  scenarioDefaults?: ScenarioDefaults;
}

/** The HTML of a run's page, from its stored files (as `readStoredRun` gives them). */
export async function renderRunPage(run: StoredRun, options: RunPageOptions = {}): Promise<string> {
  const { results, historyFile } = run;
  const parts = CHECKER_NAMES.flatMap((name) => checkerPart(results, name));
  const focus = parts.find((p) => p.focus !== undefined)?.focus;
  const analysis = historyFile
    ? await analyzeHistory(historyFile, timelineOptions(focus, results))
    : undefined;
  let history: Promise<History> | undefined;
  const ctx: SectionContext = {
    run,
    analysis,
    history: () => (history ??= historyFile ? readHistory(historyFile) : Promise.resolve([])),
  };
  const sections = await Promise.all(parts.map((p) => p.render(ctx)));
  const lanes = sections.flatMap((s) => s.lanes ?? []);
  const empty = { x: [], y: [], total: 0 };
  // One x axis for the strip and every plot: 0 to the end of the run.
  const endS = Math.max(analysis?.durationS ?? 0, (results.causes?.buckets.endNs ?? 0) / 1e9, 1e-3);
  const logNodes = nodesWithLogs(run);
  const story = lossStorySection(results, endS, logNodes);
  const samples = lostSamplesSection(results, logNodes);
  const logs = nodeLogsSection(run);
  const data: RunPageData = {
    run: results.run,
    valid: results.valid,
    durationS: endS,
    faults: faultSpans(results.faults),
    failovers: (results.failovers ?? []).map((f) => ({ ...f, t: f.time / 1e9 })),
    throughput: analysis?.throughput ?? { bucketS: 1, x: [], series: [] },
    latency: analysis?.latency ?? { ok: empty, fail: empty, info: empty, limit: 0 },
    quantiles: analysis?.quantiles ?? { bucketS: 1, x: [], p50: [], p95: [], p99: [], max: [] },
    timeline: analysis?.timeline ?? {
      processes: [],
      ops: [],
      total: 0,
      window: 'no history',
      windows: [],
    },
    lanes,
  };
  const observers = observersSection(results);
  const toc: [string, string][] = [
    ...(story === undefined ? [] : [['story', 'what was lost, and why'] as [string, string]]),
    ['checkers', 'checkers'],
    ['scenario', 'scenario'],
    ...parts.map((p): [string, string] => [p.id, p.label]),
    ...(samples === undefined
      ? []
      : [['lost-samples', 'lost writes by cause'] as [string, string]]),
    ...(observers === undefined ? [] : [['observers', 'observers'] as [string, string]]),
    ['faults', 'faults'],
    ['plots', 'plots'],
    ['timeline', 'timeline'],
    ...(logs === undefined ? [] : [['node-logs', 'node logs'] as [string, string]]),
  ];
  const body = markup`${banner(
    results,
    parts.flatMap((p) => p.facts),
    analysis,
  )}
    <nav class="toc">
      ${toc.map(([id, label]) => markup`<a href="#${id}">${label}</a> `)}
    </nav>
    <main>
      ${story} ${checkerTable(results)} ${scenarioSection(run, options.scenarioDefaults)} ${sections.map((s) => s.body)}
      ${samples} ${observers} ${faultsSection(results)}
      ${
        analysis
          ? PLOT_SECTIONS
          : markup`<section id="plots">
              <h2>Plots</h2>
              <p class="note">This run has no history.jsonl: no plots or timeline.</p>
            </section>`
      }
      ${logs}
    </main>
    ${pageFooter('report')}`;
  return pageShell({
    title: `redcheck ${verdictText(results.valid)}: ${results.run}`,
    body,
    data,
    script: 'run',
  });
}
