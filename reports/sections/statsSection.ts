/**
 * The `stats` checker's section: client ops by function and outcome as the checker counted
 * them, with the history's latency and error messages when the run has its history.
 */
import type { StatsResult } from '../../src/checker/stats.js';
import type { HistoryAnalysis } from '../analyzeHistory.js';
import { numberText } from '../format.js';
import { markup, type Raw } from '../html.js';
import type { CheckerSection } from './checkerSection.js';
import { tableHead } from '../tableHead.js';

const TYPES = ['ok', 'fail', 'info', 'pending'] as const;

function historyFacts(a: HistoryAnalysis): Raw {
  return markup`<p class="muted">
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
                ${tableHead('count', 'message', 'example')}
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
    }`;
}

export const statsSection: CheckerSection<StatsResult> = {
  id: 'counts',
  label: 'operations',
  render(stats, { analysis }) {
    const fs = Object.keys(stats.byF).sort();
    const sum = (c: StatsResult['byType']): number => TYPES.reduce((s, t) => s + c[t], 0);
    const body = markup`<section id="counts">
      <h2>Operations</h2>
      <table class="grid" id="op-counts">
        <thead>
          <tr>
            <th>function</th>
            ${TYPES.map((t) => markup`<th class="t-${t}">${t}</th>`)}
            <th>total</th>
          </tr>
        </thead>
        <tbody>
          ${fs.map((f) => {
            const c = stats.byF[f] ?? { ok: 0, fail: 0, info: 0, pending: 0 };
            return markup`<tr>
              <th scope="row">${f}</th>
              ${TYPES.map((t) => markup`<td class="num">${numberText(c[t])}</td>`)}
              <td class="num">${numberText(sum(c))}</td>
            </tr>`;
          })}
          <tr class="total">
            <th scope="row">all</th>
            ${TYPES.map((t) => markup`<td class="num">${numberText(stats.byType[t])}</td>`)}
            <td class="num">${numberText(sum(stats.byType))}</td>
          </tr>
        </tbody>
      </table>
      ${stats.neverOk.length > 0 ? markup`<p class="note">Never completed ok: ${stats.neverOk.join(', ')}: the workload made no progress on them.</p>` : ''}
      ${analysis ? historyFacts(analysis) : markup`<p class="note">This run has no history.jsonl: no latency or error details.</p>`}
    </section>`;
    return { body };
  },
};
