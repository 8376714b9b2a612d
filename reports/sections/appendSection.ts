/**
 * The `append` checker's section: Elle's verdict, the anomalies it found by type, each one
 * explained in words, and each dependency cycle drawn as a small inline SVG graph.
 */
import type { CycleAnomaly, ListAppendResult } from '../../src/checker/elle/index.js';
import { markup, type Raw } from '../html.js';
import type { CheckerSection } from './checkerSection.js';

/** Cycles drawn at most; the others are listed in words. */
const MAX_DRAWN = 12;

/** A cycle as a ring of transactions with labelled arrows (ww, wr, rw, realtime, process). */
export function cycleSvg(c: CycleAnomaly): Raw {
  const n = c.txns.length;
  const r = n <= 2 ? 55 : 45 + 12 * n;
  const size = 2 * r + 90;
  const centre = size / 2;
  const at = (i: number): { x: number; y: number } => {
    const a = -Math.PI / 2 + (2 * Math.PI * i) / Math.max(1, n);
    return { x: centre + r * Math.cos(a), y: centre + r * Math.sin(a) };
  };
  const index = new Map(c.txns.map((t, i) => [t.name, i]));
  const edges = c.edges.map((e, k) => {
    const a = at(index.get(e.from) ?? 0);
    const b = at(index.get(e.to) ?? 0);
    // Bend each arrow outwards so a two-node cycle's arrows do not overlap.
    const mx = (a.x + b.x) / 2 + (b.y - a.y) * 0.18;
    const my = (a.y + b.y) / 2 - (b.x - a.x) * 0.18;
    const d = `M ${a.x.toFixed(1)} ${a.y.toFixed(1)} Q ${mx.toFixed(1)} ${my.toFixed(1)} ${b.x.toFixed(1)} ${b.y.toFixed(1)}`;
    return markup`<g class="edge edge-${e.kind}"><title>${e.explanation}</title>
      <path d="${d}" marker-end="url(#arrow)" data-edge="${k}"></path>
      <text x="${mx.toFixed(1)}" y="${my.toFixed(1)}">${e.kind}${e.key !== undefined ? ` ${String(e.key)}` : ''}</text></g>`;
  });
  const nodes = c.txns.map((t, i) => {
    const p = at(i);
    return markup`<g class="txn"><title>${t.name} (${t.type}, process ${String(t.process)}): ${JSON.stringify(t.value)}</title>
      <circle cx="${p.x.toFixed(1)}" cy="${p.y.toFixed(1)}" r="17"></circle>
      <text x="${p.x.toFixed(1)}" y="${(p.y + 4).toFixed(1)}">${t.name}</text></g>`;
  });
  return markup`<svg class="cycle" role="img" aria-label="${c.type} cycle" width="${size}" height="${size}" viewBox="0 0 ${size} ${size}">
    <defs><marker id="arrow" viewBox="0 0 10 10" refX="27" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M 0 0 L 10 5 L 0 10 z"></path></marker></defs>
    ${edges}${nodes}</svg>`;
}

export const appendSection: CheckerSection<ListAppendResult> = {
  id: 'transactions',
  label: 'transactions',
  bannerFacts(result) {
    return [{ label: 'anomaly types', value: result.anomalyTypes.length, id: 'anomaly-types' }];
  },
  render(result) {
    return { body: appendBody(result) };
  },
};

/** The section's markup for one list-append result (the run page's and `check --report`'s). */
export function appendBody(result: ListAppendResult): Raw {
  const counts = Object.entries(result.counts);
  const cycles = Object.values(result.anomalies)
    .flat()
    .filter((a): a is CycleAnomaly => 'edges' in a);
  const drawn = cycles.slice(0, MAX_DRAWN);
  const s = result.stats;
  const body = markup`<section id="transactions">
    <h2>Transactions (Elle)</h2>
    <p>
      <strong id="append-valid">${String(result.valid)}</strong> under
      <code>${result.consistencyModel}</code>: ${s.txns.ok} ok, ${s.txns.info} info and
      ${s.txns.fail} failed transactions over ${s.keys} keys; ${s.edges} dependencies,
      ${s.sccs} strongly connected components (largest ${s.largestScc}); checked in
      ${Math.round(result.elapsedMs)} ms.
      ${result.impossibleModels.length > 0 ? `Models ruled out: ${result.impossibleModels.join(', ')}.` : ''}
    </p>
    ${
      counts.length === 0
        ? markup`<p>No anomaly found.</p>`
        : markup`<table class="anomalies"><thead><tr><th>anomaly</th><th>found</th><th>listed</th><th>rules out this model</th></tr></thead><tbody>
        ${counts.map(
          ([type, n]) =>
            markup`<tr data-anomaly="${type}"><td>${type}</td><td>${n}</td><td>${(n ?? 0) - (result.leftOut[type as keyof typeof result.leftOut] ?? 0)}</td><td>${result.anomalyTypes.includes(type as (typeof result.anomalyTypes)[number]) ? 'yes' : 'no (allowed)'}</td></tr>`,
        )}
        </tbody></table>`
    }
    <p>
      Appends never read: ${result.unobservedAppends.lost} lost (a later read should have
      shown them), ${result.unobservedAppends.unknown} of unknown transactions,
      ${result.unobservedAppends.unread} with no later read.
    </p>
    ${
      result.explanations.length > 0
        ? markup`<h3>Each anomaly</h3><ol class="explanations">${result.explanations.map((e) => markup`<li>${e}</li>`)}</ol>`
        : ''
    }
    ${
      drawn.length > 0
        ? markup`<h3>Cycles</h3>
        <p class="note">Showing ${drawn.length} of ${cycles.length} cycles listed; hover an arrow for why the dependency holds.</p>
        <div class="cycles">${drawn.map((c) => markup`<figure>${cycleSvg(c)}<figcaption><strong>${c.type}</strong>: ${c.explanation}</figcaption></figure>`)}</div>`
        : ''
    }
  </section>`;
  return body;
}
