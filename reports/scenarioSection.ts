/**
 * The run page's scenario: what the run is (topology, mode, workload, faults, server, seed),
 * then every setting that differs from the defaults the resolver gives a run of that kind,
 * beside its default, in words rather than field names; every setting folded as JSON.
 */
import type { RunResults, StoredRun } from '../src/store/index.js';
import { durationText, valueText } from './format.js';
import { markup, type Raw } from './html.js';
import { redisConfOverrides } from './redisConfOverrides.js';
import { scrollTable } from './scrollTable.js';
import { tableHead } from './tableHead.js';

type Entry = Readonly<Record<string, unknown>>;

/**
 * The defaults of a run like this one: the scenario with only its topology, mode and workload
 * named, resolved (the runner's `scenarioDefaults`; the page cannot resolve one itself).
 */
export type ScenarioDefaults = (scenario: Entry) => Entry;

/** Settings whose name says less than a few words would. */
const LABELS: Readonly<Record<string, string>> = {
  timeLimitMs: 'time limit',
  checkTimeLimitMs: 'check time limit',
  nemesisIntervalMs: 'nemesis interval',
  waitReplicas: 'WAIT replicas',
  waitTimeoutMs: 'WAIT timeout',
  waitaofLocal: 'WAITAOF local',
  waitaofReplicas: 'WAITAOF replicas',
  minReplicasToWrite: 'min-replicas-to-write',
  minReplicasMaxLag: 'min-replicas-max-lag',
  clusterNodeTimeoutMs: 'cluster-node-timeout',
  clusterRequireFullCoverage: 'cluster-require-full-coverage',
  rdbSave: 'RDB save',
  redisConf: 'redis.conf file',
  redisConfig: 'redis config lines',
  readFrom: 'reads from',
  rate: 'rate limit (ops/s)',
};

/** `opTimeoutMs` as `op timeout`, `faultOptions.packetLoss` as `packet loss`. */
export function settingLabel(key: string): string {
  const last = key.split('.').pop() ?? key;
  const known = LABELS[last];
  if (known !== undefined) return known;
  return last
    .replace(/Ms$/, '')
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase();
}

/** A setting's value in words: durations for `...Ms`, lists joined, `none` for empty. */
function settingText(key: string, v: unknown): string {
  if (key.endsWith('Ms') && typeof v === 'number') return durationText(v);
  if (key === 'rate' && v === null) return 'unlimited';
  if (Array.isArray(v)) return v.map(valueText).join(', ') || 'none';
  if (v === undefined) return '(not set)';
  return valueText(v);
}

/** Nested settings flattened one level (`faultOptions.packetLoss`); `faults` repeats `nemesis`. */
function flatSettings(s: Entry): [string, unknown][] {
  return Object.entries(s).flatMap(([k, v]): [string, unknown][] => {
    if (k === 'faults') return [];
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
      return Object.entries(v).map(([k2, v2]): [string, unknown] => [`${k}.${k2}`, v2]);
    }
    return [[k, v]];
  });
}

/** What a run is: shown whether or not it is the default. */
const IDENTITY = ['topology', 'mode', 'workload', 'nemesis', 'persistence', 'timeLimitMs'];

/** The scenario as stored: scenario.json over results.json's copy. */
function merged(scenario: Entry, results: RunResults): Entry {
  return { ...results.scenario, ...scenario };
}

/** Every setting as `[label, value]` rows, the run's identity first (the compare page's rows). */
export function scenarioRows(scenario: Entry, results: RunResults): [string, string][] {
  const all = flatSettings(merged(scenario, results));
  const order = (k: string): number => {
    const i = IDENTITY.indexOf(k);
    return i < 0 ? IDENTITY.length : i;
  };
  const rows = all
    .filter(([k, v]) => k !== 'seed' && v !== undefined)
    .sort(([a], [b]) => order(a) - order(b))
    .map(([k, v]): [string, string] => [settingLabel(k), settingText(k, v)]);
  rows.push(['seed', String(results.seed)]);
  if (results.redisVersion) rows.push(['redis version', results.redisVersion]);
  return rows;
}

/** A mode's own settings (WAIT's, WAITAOF's) matter in that mode only. */
function belongsToMode(key: string, mode: unknown): boolean {
  if (key.startsWith('waitaof')) return mode === 'waitaof';
  if (key.startsWith('wait')) return mode === 'wait';
  return true;
}

/** One row of the scenario table: the setting, this run's value and the default when it differs. */
interface SettingRow {
  key: string;
  value: string;
  default?: string;
}

/** The fields that make a run's kind, compared with an empty scenario's defaults. */
const KIND = new Set(['topology', 'mode', 'workload']);

/**
 * The run's identity, its server and seed, then every setting that differs from `defaults`
 * (those of a run of its kind); the kind itself is compared with `emptyDefaults`.
 */
export function scenarioDiffRows(
  s: Entry,
  results: RunResults,
  defaults: Entry,
  emptyDefaults: Entry,
): SettingRow[] {
  const want = new Map(flatSettings(defaults));
  const rows: SettingRow[] = [];
  for (const k of IDENTITY) {
    if (s[k] === undefined) continue;
    const row: SettingRow = { key: k, value: settingText(k, s[k]) };
    const from = KIND.has(k) ? emptyDefaults : defaults;
    const d = settingText(k, from[k]);
    if (k in from && d !== row.value) row.default = d;
    rows.push(row);
  }
  const server = s.image ?? s.redis;
  rows.push({
    key: s.image === undefined ? 'redis' : 'image',
    value: `${valueText(server)}${results.redisVersion ? ` (${results.redisVersion})` : ''}`,
  });
  rows.push({ key: 'seed', value: String(results.seed) });
  const skip = new Set([...IDENTITY, 'image', 'redis', 'seed', 'command']);
  for (const [k, v] of flatSettings(s)) {
    if (skip.has(k) || !belongsToMode(k, s.mode)) continue;
    const value = settingText(k, v);
    const d = settingText(k, want.get(k));
    if (value !== d) rows.push({ key: k, value, default: d });
  }
  return rows;
}

function settingsTable(files: StoredRun, defaults: ScenarioDefaults | undefined): Raw {
  const s = merged(files.scenario, files.results);
  if (defaults === undefined) {
    return markup`<table class="kv" id="scenario-settings">
      ${scenarioRows(files.scenario, files.results).map(
        ([k, v]) => markup`<tr><th scope="row">${k}</th><td>${v}</td></tr>`,
      )}
    </table>`;
  }
  const rows = scenarioDiffRows(s, files.results, defaults(s), defaults({}));
  const differ = rows.filter((r) => r.default !== undefined).length;
  return markup`<p class="muted" id="scenario-differs">
      What this run is, then the ${differ === 1 ? 'one setting' : `${differ} settings`} that
      differ from the defaults of a ${valueText(s.topology)} ${valueText(s.mode)} run; every
      other setting is its default (all of them below, as JSON).
    </p>
    ${scrollTable(
      { id: 'scenario-settings', className: 'kv-diff' },
      tableHead('setting', 'this run', 'default'),
      rows.map(
        (r) =>
          markup`<tr data-setting="${r.key}"${r.default === undefined ? '' : markup` class="differs"`}>
            <th scope="row">${settingLabel(r.key)}</th>
            <td>${r.value}</td>
            <td class="muted">${r.default ?? ''}</td>
          </tr>`,
      ),
    )}`;
}

/** The scenario section; `defaults` gives the defaults a run like this one would have. */
export function scenarioSection(files: StoredRun, defaults?: ScenarioDefaults): Raw {
  const full = JSON.stringify(merged(files.scenario, files.results), null, 2);
  return markup`<section id="scenario">
    <h2>Scenario</h2>
    ${settingsTable(files, defaults)} ${redisConfOverrides(files.results)}
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
