/**
 * The run page's first screen: lost as a count and a percent, the causes (unexplained first,
 * in red), lost by node, and one strip over the whole run (fault bands, failovers and role
 * changes, lost writes per time bucket by acknowledgement time, coloured by cause), drawn as
 * SVG on the server so it reads without JavaScript and shares the plots' x axis (0 to the end).
 */
import {
  LOSS_CAUSES_SHOWN,
  LOSS_CAUSE_LABEL,
  LOSS_CAUSE_TEXT,
  type LossCause,
} from '../src/checker/lossCauses/index.js';
import { checkerResult, type RunResults } from '../src/store/index.js';
import { markup, trusted, type Raw } from './html.js';
import { escapeHtml } from './escape.js';
import { durationText, numberText } from './format.js';
import { tableHead } from './tableHead.js';
import { nodeLink } from './nodeLogs.js';

/** Each cause's colour on the strip and in the tables. */
export const CAUSE_COLOURS: Readonly<Record<LossCause, string>> = {
  unexplained: '#b3122b',
  'power-loss': '#7a3fa0',
  wiped: '#c0561a',
  'older-snapshot': '#9a7400',
  'cluster-minority': '#1f6fb0',
  failover: '#2f7d4a',
};

/** `245,566 of 656,009 (37.43%)`. */
export function percentText(part: number, whole: number): string {
  const p = whole === 0 ? 0 : (100 * part) / whole;
  return `${p.toLocaleString('en-US', { maximumFractionDigits: 2, minimumFractionDigits: p > 0 && p < 10 ? 2 : 0 })}%`;
}

function s(ns: number): string {
  return `${(ns / 1e9).toFixed(1)} s`;
}

const W = 1000;
const ROW_FAULT = 18;
const ROW_ROLE = 18;
const ROW_BARS = 70;
const AXIS = 18;

/** Nice tick step (s) for a run of `endS` seconds, about 8 ticks. */
function tickStep(endS: number): number {
  const raw = endS / 8;
  const p = 10 ** Math.floor(Math.log10(Math.max(raw, 1e-3)));
  return [1, 2, 5, 10].map((k) => k * p).find((x) => x >= raw) ?? raw;
}

/** One box of the strip (SVG units), with its hover title and class. */
interface StripRect {
  x0: number;
  y: number;
  w: number;
  h: number;
  fill: string;
  title: string;
  cls: string;
}

/** The strip over the whole run, `endS` seconds wide. */
export function lossStrip(results: RunResults, endS: number): Raw {
  const x = (ns: number): number => Math.max(0, Math.min(W, (ns / 1e9 / endS) * W));
  const parts: string[] = [];
  /** A box from `x0`, `y`, `w` by `h` with a hover title. */
  const rect = (r: StripRect): void => {
    parts.push(
      `<rect class="${r.cls}" x="${r.x0.toFixed(1)}" y="${r.y}" width="${Math.max(r.w, 1.5).toFixed(1)}" height="${r.h}" fill="${r.fill}"><title>${escapeHtml(r.title)}</title></rect>`,
    );
  };
  for (const f of results.faults) {
    const end = f.end ?? f.start;
    rect({
      x0: x(f.start),
      y: 0,
      w: x(end) - x(f.start),
      h: ROW_FAULT,
      fill: '#f0b429',
      title: `${f.fault}${f.description ? `: ${f.description}` : ''} (${s(f.start)} to ${f.end === undefined ? 'the end' : s(f.end)})`,
      cls: 'strip-fault',
    });
    parts.push(
      `<rect x="${x(f.start).toFixed(1)}" y="${ROW_FAULT}" width="${Math.max(x(end) - x(f.start), 1.5).toFixed(1)}" height="${ROW_ROLE + ROW_BARS}" fill="#f0b429" opacity="0.12"/>`,
    );
  }
  const yRole = ROW_FAULT;
  for (const fo of results.failovers ?? []) {
    const xx = x(fo.time).toFixed(1);
    parts.push(
      `<line class="strip-failover" x1="${xx}" x2="${xx}" y1="${yRole}" y2="${yRole + ROW_ROLE + ROW_BARS}" stroke="#6a1b9a" stroke-width="2"><title>${escapeHtml(`failover at ${s(fo.time)}: ${fo.from ?? '?'} → ${fo.to}${fo.shard ? ` (${fo.shard})` : ''}`)}</title></line>`,
    );
  }
  for (const r of results.observers?.nodes?.roles ?? []) {
    const xx = x(r.time).toFixed(1);
    parts.push(
      `<circle class="strip-role" cx="${xx}" cy="${yRole + ROW_ROLE / 2}" r="4" fill="${r.role === 'primary' ? '#6a1b9a' : '#fff'}" stroke="#6a1b9a"><title>${escapeHtml(`${s(r.time)}: ${r.node} became ${r.role}${r.primary ? ` of ${r.primary}` : ''}`)}</title></circle>`,
    );
  }
  const c = results.causes;
  const yBars = ROW_FAULT + ROW_ROLE;
  if (c && c.lost > 0) {
    const n = Object.values(c.buckets.counts).find((b) => b !== undefined)?.length ?? 0;
    let max = 1;
    for (let i = 0; i < n; i++) {
      let t = 0;
      for (const b of Object.values(c.buckets.counts)) t += b?.[i] ?? 0;
      max = Math.max(max, t);
    }
    for (let i = 0; i < n; i++) {
      let y = yBars + ROW_BARS;
      for (const cause of LOSS_CAUSES_SHOWN) {
        const v = c.buckets.counts[cause]?.[i] ?? 0;
        if (v === 0) continue;
        const h = Math.max(1, (v / max) * (ROW_BARS - 4));
        y -= h;
        const t0 = i * c.buckets.widthNs;
        rect({
          x0: x(t0),
          y,
          w: x(t0 + c.buckets.widthNs) - x(t0) - 0.5,
          h,
          fill: CAUSE_COLOURS[cause],
          title: `${numberText(v)} lost (${LOSS_CAUSE_LABEL[cause]}) acknowledged ${s(t0)} to ${s(t0 + c.buckets.widthNs)}`,
          cls: `strip-lost strip-${cause}`,
        });
      }
    }
  }
  const yAxis = yBars + ROW_BARS;
  parts.push(`<line x1="0" x2="${W}" y1="${yAxis}" y2="${yAxis}" stroke="#8a94a3"/>`);
  const step = tickStep(endS);
  for (let t = 0; t <= endS + 1e-9; t += step) {
    const xx = ((t / endS) * W).toFixed(1);
    const label = t === 0 ? 't = 0' : `${Number(t.toFixed(3))} s`;
    const anchor = t === 0 ? 'start' : t + step > endS + 1e-9 ? 'end' : 'middle';
    parts.push(
      `<line x1="${xx}" x2="${xx}" y1="${yAxis}" y2="${yAxis + 4}" stroke="#8a94a3"/><text x="${xx}" y="${yAxis + 15}" font-size="11" text-anchor="${anchor}" fill="#5d6775">${label}</text>`,
    );
  }
  const h = yAxis + AXIS;
  return markup`<figure class="strip" id="loss-strip" data-end-s="${String(endS)}">
    ${trusted(`<svg viewBox="0 0 ${W} ${h}" preserveAspectRatio="none" width="100%" height="${h}" role="img" aria-label="faults, failovers and lost writes over the run">${parts.join('')}</svg>`)}
    <figcaption class="legend-note">
      <span class="swatch fault"></span> fault
      <span class="swatch failover-line"></span> failover (a new primary)
      <span class="swatch role-dot"></span> role change
      ${LOSS_CAUSES_SHOWN.filter((k) => (c?.counts[k] ?? 0) > 0).map(
        (k) =>
          markup`<span class="swatch" style="background:${CAUSE_COLOURS[k]}"></span> lost: ${LOSS_CAUSE_LABEL[k]} `,
      )}
      · x: seconds since the run started, 0 to its end, by acknowledgement time
    </figcaption>
  </figure>`;
}

/** The story: lost, percent, causes, lost by node, the strip. Undefined for a run without a set result. */
export function lossStorySection(
  results: RunResults,
  endS: number,
  logs: ReadonlySet<string> = new Set(),
): Raw | undefined {
  const set = checkerResult(results, 'set');
  if (set === undefined) return undefined;
  const c = results.causes;
  const byNode = Object.entries(c?.byNode ?? set.lostByNode).sort((a, b) => b[1] - a[1]);
  const causeRows = c
    ? LOSS_CAUSES_SHOWN.filter((k) => c.counts[k] > 0).map((k) => {
        const groups = c.groups.filter((g) => g.cause === k);
        const nodes = [...new Set(groups.map((g) => g.node ?? 'unknown'))].join(', ');
        const first = Math.min(...groups.map((g) => g.firstAck));
        const last = Math.max(...groups.map((g) => g.lastAck));
        const faults = [
          ...new Set(
            groups.flatMap((g) => (g.fault ? [`${g.fault.fault} at ${s(g.fault.start)}`] : [])),
          ),
        ].join('; ');
        return markup`<tr class="cause cause-${k}" data-cause="${k}">
          <th scope="row"><span class="swatch" style="background:${CAUSE_COLOURS[k]}"></span> <span title="${LOSS_CAUSE_TEXT[k]}">${LOSS_CAUSE_LABEL[k]}</span></th>
          <td class="num" data-count="${String(c.counts[k])}">${numberText(c.counts[k])}</td>
          <td class="num">${percentText(c.counts[k], c.lost)}</td>
          <td>${nodes}</td>
          <td>${s(first)} – ${s(last)}</td>
          <td>${faults || '–'}</td>
        </tr>`;
      })
    : [];
  return markup`<section id="story">
    <div class="story-head">
      <div class="story-lost">
        <span class="big" id="story-lost">${numberText(set.lost)}</span> of
        ${numberText(set.acknowledged)} acknowledged writes lost
        (<span id="story-percent">${percentText(set.lost, set.acknowledged)}</span>)
        ${c ? markup`<div class="muted">${c.explainedPercent === 100 ? 'every one' : `${numberText(c.explainedPercent)}%`} explained by a mechanism · loss window ${durationText(c.lossWindowMs)} (first to last acknowledgement of a lost write)</div>` : markup`<div class="muted">no loss causes in this run's results (written by an older redcheck)</div>`}
      </div>
      <table class="grid story-nodes" id="story-nodes">
        ${tableHead('lost by node', 'lost')}
        <tbody>
          ${byNode.length === 0 ? markup`<tr><td colspan="2" class="muted">none</td></tr>` : byNode.map(([node, n]) => markup`<tr data-node="${node}"><th scope="row">${nodeLink(node, logs)}</th><td class="num">${numberText(n)}</td></tr>`)}
        </tbody>
      </table>
    </div>
    ${
      c && c.lost > 0
        ? markup`<table class="grid" id="story-causes">
            ${tableHead('cause', 'lost', 'share', 'nodes', 'acknowledged', 'fault')}
            <tbody>${causeRows}</tbody>
          </table>
          <ul class="story-sentences" id="story-sentences">
            ${c.groups.slice(0, 6).map(
              (g) =>
                markup`<li class="cause-${g.cause}"><b>${LOSS_CAUSE_LABEL[g.cause]}</b>: ${g.sentence}${
                  Object.keys(g.alsoFits).length > 0
                    ? markup` <span class="muted">(also fit: ${Object.entries(g.alsoFits)
                        .map(
                          ([k, v]) => `${LOSS_CAUSE_LABEL[k as LossCause] ?? k} ${numberText(v)}`,
                        )
                        .join(', ')})</span>`
                    : ''
                }</li>`,
            )}
            ${c.groups.length > 6 ? markup`<li class="muted">and ${numberText(c.groups.length - 6)} more groups in results.json (causes.groups)</li>` : ''}
          </ul>`
        : ''
    }
    ${lossStrip(results, endS)}
  </section>`;
}

/** Lost writes sampled across the whole loss, per cause (`causes.samples`). */
export function lostSamplesSection(
  results: RunResults,
  logs: ReadonlySet<string> = new Set(),
): Raw | undefined {
  const c = results.causes;
  if (!c || c.lost === 0) return undefined;
  return markup`<section id="lost-samples">
    <h2>Lost writes, sampled across the whole loss</h2>
    <p class="muted">Up to ${numberText(c.samplesPerCause)} per cause, evenly spaced by acknowledgement time from the first to the last (all ${numberText(c.lost)} are counted above).</p>
    ${LOSS_CAUSES_SHOWN.filter((k) => c.counts[k] > 0).map((k) => {
      const rows = c.samples.filter((x) => x.cause === k);
      return markup`<details class="lost-samples" data-cause="${k}"${k === 'unexplained' ? ' open' : ''}>
        <summary><span class="swatch" style="background:${CAUSE_COLOURS[k]}"></span> ${LOSS_CAUSE_LABEL[k]}: ${numberText(rows.length)} of ${numberText(c.counts[k])}</summary>
        <div class="scroll-x"><table class="grid">
          ${tableHead('element', 'acknowledged', 'node')}
          <tbody>${rows.map((r) => markup`<tr><td class="mono">${r.element}</td><td class="num">${(r.ack / 1e9).toFixed(3)} s</td><td>${nodeLink(r.node, logs)}</td></tr>`)}</tbody>
        </table></div>
      </details>`;
    })}
  </section>`;
}
