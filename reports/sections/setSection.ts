/** The `set` checker's section: lost, partial, unexpected and recovered writes, node by node. */
import type { SetCheckResult, SetNodeDiff } from '../../src/checker/set.js';
import type { HistoryAnalysis } from '../analyzeHistory.js';
import { valueKey } from '../analyzeHistory.js';
import { numberText, seconds } from '../format.js';
import { markup, type Raw } from '../html.js';
import { lostWriteKey, lostWritesOf, type LostWrite } from '../lostWrites.js';
import type { CheckerSection } from './checkerSection.js';
import { tableHead } from '../tableHead.js';
import { nodeLink, nodesWithLogs } from '../nodeLogs.js';

/** Rows of the lost-write table kept in the page; the rest are counted. */
const LOST_ROWS = 2000;

function percent(part: number, whole: number | undefined): string {
  if (!whole) return '–';
  return `${((100 * part) / whole).toFixed(2)} %`;
}

function lostRow(w: LostWrite, logs: ReadonlySet<string>): Raw {
  const latency =
    w.complete !== undefined ? `${((w.complete - w.invoke) / 1e6).toFixed(1)} ms` : '';
  const anchor = w.index !== undefined ? markup`<a href="#op-${w.index}">${w.index}</a>` : '';
  return markup`<tr>
    <td class="mono">${w.value}</td>
    <td>${seconds(w.invoke)}</td>
    <td>${seconds(w.complete)}</td>
    <td>${latency}</td>
    <td>${w.process}</td>
    <td>${nodeLink(w.node, logs)}</td>
    <td>${w.fault || 'none'}</td>
    <td>${anchor}</td>
  </tr>`;
}

function nodesTable(nodes: readonly SetNodeDiff[]): Raw {
  if (nodes.length === 0) return markup``;
  const opt = (v: number | undefined): string => numberText(v);
  return markup`<h3>Nodes: what each one holds after the run</h3>
    <table class="grid" id="node-table">
      ${tableHead('node', 'role', 'set size', 'list size', 'missing (vs primary)', 'extra (vs primary)', 'partial', 'error')}
      <tbody>
        ${nodes.map(
          (n) =>
            markup`<tr>
              <th scope="row">${n.node}</th>
              <td>${n.role}</td>
              <td class="num">${opt(n.setSize)}</td>
              <td class="num">${opt(n.listSize)}</td>
              <td class="num">${numberText(n.missing)}</td>
              <td class="num">${numberText(n.extra)}</td>
              <td class="num">${numberText(n.partial)}</td>
              <td>${n.error ?? ''}</td>
            </tr>`,
        )}
      </tbody>
    </table>`;
}

function lostTable(
  set: SetCheckResult,
  writes: readonly LostWrite[],
  logs: ReadonlySet<string>,
): Raw {
  const shown = writes.slice(0, LOST_ROWS);
  if (writes.length === 0) {
    return set.lost > 0
      ? markup`<p class="note">The checker counted ${set.lost} lost writes but listed none.</p>`
      : markup`<p class="muted">No acknowledged write was lost.</p>`;
  }
  const listed =
    set.lost > writes.length
      ? markup` <span class="note">(the first ${numberText(writes.length)} of ${numberText(set.lost)} by invoke time, as the checker listed them; <a href="#lost-samples">sampled across the whole loss</a>, per cause, below)</span>`
      : '';
  return markup`<h3>
      Acknowledged writes that were
      lost${writes.length > shown.length ? markup` <span class="note">(showing ${shown.length} of ${writes.length})</span>` : ''}${listed}
    </h3>
    <div class="scroll-table">
      <table class="grid" id="lost-table">
        ${tableHead('value', 'invoked', 'acknowledged', 'latency', 'process', 'node', 'fault active', 'op')}
        <tbody>
          ${shown.map((w) => lostRow(w, logs))}
        </tbody>
      </table>
    </div>`;
}

/** Lost writes with their history index, found by the analysis of the history. */
function placed(set: SetCheckResult, analysis: HistoryAnalysis | undefined): LostWrite[] {
  return lostWritesOf(set).map((w) => {
    const index = analysis?.lostIndex.get(lostWriteKey(w));
    return index === undefined ? w : { ...w, index };
  });
}

export const setSection: CheckerSection<SetCheckResult> = {
  id: 'lost',
  label: 'lost writes',
  bannerFacts: (set) => [{ label: 'lost acknowledged writes', value: set.lost, id: 'lost-count' }],
  timelineFocus(set) {
    const writes = lostWritesOf(set);
    const first = writes.map((w) => w.invoke).sort((x, y) => x - y)[0];
    return {
      lostValues: new Set(writes.map((w) => valueKey(w.value))),
      lostKeys: new Set(writes.map(lostWriteKey)),
      ...(first !== undefined
        ? {
            centreNs: first,
            why: `around the first lost write (t=${(first / 1e9).toFixed(3)} s)`,
          }
        : {}),
    };
  },
  render(set, { analysis, run }) {
    const cats: [string, number, string, string][] = [
      ['acknowledged', set.acknowledged, '', 'writes the client saw succeed'],
      [
        'lost',
        set.lost,
        `${set.lostPercent.toFixed(2)} % of acknowledged`,
        'acknowledged, then absent from the final state',
      ],
      [
        'partial',
        set.partial,
        `${percent(set.partial, set.acknowledged)} of acknowledged`,
        'in one key of the write but not the other',
      ],
      [
        'unexpected',
        set.unexpected,
        `${percent(set.unexpected, set.failed)} of failed ops`,
        'reported failed, yet present',
      ],
      [
        'recovered',
        set.recovered,
        `${percent(set.recovered, set.indeterminate)} of indeterminate ops`,
        'outcome unknown (info), present',
      ],
    ];
    const body = markup`<section id="lost">
      <h2>Lost writes</h2>
      <table class="grid cats">
        ${tableHead('category', 'count', 'percent', 'meaning')}
        <tbody>
          ${cats.map(
            ([k, n, p, m]) =>
              markup`<tr class="cat-${k}">
                <th scope="row">${k}</th>
                <td class="num" data-category="${k}">${n}</td>
                <td class="num">${p}</td>
                <td class="muted">${m}</td>
              </tr>`,
          )}
        </tbody>
      </table>
      ${lostTable(set, placed(set, analysis), nodesWithLogs(run))} ${nodesTable(set.nodes)}
    </section>`;
    return { body };
  },
};
