/** The run page's scenario: the settings that matter first, every setting folded as JSON. */
import type { RunResults, StoredRun } from '../src/store/index.js';
import { durationText, valueText } from './format.js';
import { markup, type Raw } from './html.js';
import { redisConfOverrides } from './redisConfOverrides.js';

type Entry = Record<string, unknown>;

function isScalar(v: unknown): v is string | number | boolean | null {
  return v === null || ['string', 'number', 'boolean'].includes(typeof v);
}

/** Scenario rows in a fixed order, then any other plain settings. */
export function scenarioRows(scenario: Entry, results: RunResults): [string, string][] {
  const get = (k: string): unknown => scenario[k] ?? results.scenario[k];
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
  // A run on a user's image (`--image`) says the image; `redis` then names no image of its own.
  add('image', get('image'));
  if (get('image') === undefined) add('redis', get('redis'));
  add('redis version', results.redisVersion);
  add('seed', results.seed);
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
    'image',
    'seed',
    'timeLimitMs',
    'concurrency',
  ];
  const merged: Entry = { ...results.scenario, ...scenario };
  for (const [k, v] of Object.entries(merged)) {
    if (shown.includes(k)) continue;
    if (isScalar(v)) add(k, v);
    else if (Array.isArray(v) && v.every(isScalar)) add(k, v);
    else if (v && typeof v === 'object') add(k, JSON.stringify(v));
  }
  return rows;
}

/** The settings a reader needs first; the rest are in the folded JSON. */
const MAIN_SETTINGS = new Set([
  'topology',
  'mode',
  'workload',
  'nemesis',
  'persistence',
  'redis',
  'redis version',
  'seed',
  'time limit',
  'concurrency',
  'redisConf',
]);

export function scenarioSection(files: StoredRun): Raw {
  // A mode's own settings matter in that mode only (WAIT's in wait, WAITAOF's in waitaof).
  const mode = String(files.results.scenario.mode);
  const rows = scenarioRows(files.scenario, files.results).filter(
    ([k]) => MAIN_SETTINGS.has(k) || k.startsWith(mode),
  );
  const full = JSON.stringify({ ...files.results.scenario, ...files.scenario }, null, 2);
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
    ${redisConfOverrides(files.results)}
    <details id="scenario-json">
      <summary>every setting, as resolved (scenario.json)</summary>
      <pre>${full}</pre>
    </details>
    <h3>Re-run this scenario</h3>
    <div class="command">
      <pre id="rerun-command">${files.results.command}</pre>
      <button type="button" id="copy-command" class="js-only">Copy</button>
    </div>
  </section>`;
}
