/** The `linearizable` checker's section: Porcupine-style lanes for each key that failed. */
import type { LinearizabilityRunResult } from '../../src/checker/linearizability/runResult.js';
import { markup } from '../html.js';
import { lanesFor, partitionEvidence } from '../lanes.js';
import type { CheckerSection } from './checkerSection.js';

export const linearizableSection: CheckerSection<LinearizabilityRunResult> = {
  id: 'linearizability',
  label: 'linearizability',
  async render(result, ctx) {
    const failing = partitionEvidence(result).filter((p) => p.valid !== true);
    const history = failing.length > 0 ? await ctx.history() : [];
    const lanes =
      history.length > 0 ? failing.map((p) => lanesFor('linearizable', history, p)) : [];
    const keys = Object.entries(result.keys);
    const bad = keys.filter(([, v]) => v !== true);
    const body = markup`<section id="linearizability">
      <h2>Linearizability</h2>
      <p>
        Model <code>${result.model}</code>: ${result.opCount} ops over ${keys.length} key(s) checked
        in ${result.elapsedMs} ms (budget ${result.timeLimitMs} ms);
        ${bad.length === 0 ? 'every key is linearizable.' : `${bad.length} key(s) not linearizable or unknown: ${bad.map(([k]) => k).join(', ')}.`}
      </p>
      ${
        lanes.length > 0
          ? markup`<div id="lanes-root"></div>`
          : failing.length > 0
            ? markup`<p class="note">This run has no history.jsonl: the lanes cannot be drawn.</p>`
            : ''
      }
    </section>`;
    return { body, lanes };
  },
};
