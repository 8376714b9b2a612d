import { DEFAULT_RDB_SAVE } from '../../cluster/deploymentOptions.js';
import { DEFAULT_CLIENT } from '../../client/clientOptions.js';
import { FAULT_OPTIONS, optionField } from '../../../nemesis/index.js';
import type { ResolvedScenario } from './resolvedScenario.js';
import type { ScenarioInput } from './scenarioInput.js';
import { SCENARIO_FLAGS } from './scenarioFlags.js';

/** How one resolved field goes back on the command line. */
export type RerunRule<K extends keyof ResolvedScenario> =
  | {
      /** The input field whose flag (in `SCENARIO_FLAGS`, the table the CLI parses with) sets it. */
      readonly input: keyof ScenarioInput;
      /**
       * The flag's text for this value (a list: the flag once per item), or undefined when no
       * flag text gives this value back (then the command names the scenario file).
       */
      readonly text: (
        v: NonNullable<ResolvedScenario[K]>,
      ) => string | readonly string[] | undefined;
      /** True when resolving without the flag gives this value: the flag is left out. */
      readonly isDefault?: (s: ResolvedScenario) => boolean;
    }
  /** Resolved from another field (`faults` from `nemesis`): never printed itself. */
  | { readonly derivedFrom: keyof ResolvedScenario }
  /** No flag can say it: when present, the command is `--scenario <file>`. Says why. */
  | { readonly fileOnly: string }
  /** The fault kinds' options, each by its own flag in `FAULT_OPTIONS`. */
  | { readonly faultOptions: true };

const DURATION_TEXT = (ms: number): string | undefined =>
  // `--x 0ms` is no duration, and a fraction of a millisecond is rounded away by the parser.
  Number.isInteger(ms) && ms > 0 ? `${ms}ms` : undefined;
const plain = (v: string | number): string => String(v);

/**
 * Every field of a resolved scenario and how it goes back on the command line, in the order
 * printed. A new field of `ResolvedScenario` fails the typecheck until it has its rule here.
 */
export const RERUN_RULES: { readonly [K in keyof ResolvedScenario]-?: RerunRule<K> } = {
  topology: { input: 'topology', text: plain },
  replicas: { input: 'replicas', text: plain, isDefault: (s) => s.topology === 'standalone' },
  shards: { input: 'shards', text: plain },
  clusterNodeTimeoutMs: { input: 'clusterNodeTimeout', text: DURATION_TEXT },
  clusterRequireFullCoverage: {
    input: 'clusterRequireFullCoverage',
    text: (v) => (v ? 'yes' : 'no'),
    isDefault: (s) => s.clusterRequireFullCoverage === true,
  },
  mode: { input: 'mode', text: plain },
  waitReplicas: {
    input: 'waitReplicas',
    text: plain,
    isDefault: (s) => s.waitReplicas === s.replicas,
  },
  waitTimeoutMs: {
    input: 'waitTimeout',
    text: DURATION_TEXT,
    isDefault: (s) => s.waitTimeoutMs === 1000,
  },
  waitaofLocal: { input: 'waitaofLocal', text: plain, isDefault: (s) => s.waitaofLocal === 1 },
  waitaofReplicas: {
    input: 'waitaofReplicas',
    text: plain,
    isDefault: (s) => s.waitaofReplicas === 0,
  },
  workload: { input: 'workload', text: plain },
  readFrom: { input: 'readFrom', text: plain, isDefault: (s) => s.readFrom === 'primary' },
  client: { input: 'client', text: plain, isDefault: (s) => s.client === DEFAULT_CLIENT },
  checkTimeLimitMs: {
    input: 'checkTimeLimit',
    text: DURATION_TEXT,
    isDefault: (s) => s.checkTimeLimitMs === 60_000,
  },
  nemesis: { input: 'nemesis', text: (v) => (v.length === 0 ? 'none' : v.join(',')) },
  faults: { derivedFrom: 'nemesis' },
  schedule: { fileOnly: 'a spelled-out fault schedule has no flag' },
  faultOptions: { faultOptions: true },
  nemesisIntervalMs: { input: 'nemesisInterval', text: DURATION_TEXT },
  timeLimitMs: { input: 'timeLimit', text: DURATION_TEXT },
  concurrency: { input: 'concurrency', text: plain },
  rate: { input: 'rate', text: plain },
  seed: { input: 'seed', text: plain },
  redis: { input: 'redis', text: plain, isDefault: (s) => s.image !== undefined },
  image: { input: 'image', text: plain, isDefault: (s) => s.image === undefined },
  serverBinary: {
    input: 'serverBinary',
    text: plain,
    isDefault: (s) => s.serverBinary === undefined,
  },
  persistence: { input: 'persistence', text: plain },
  rdbSave: { input: 'rdbSave', text: plain, isDefault: (s) => s.rdbSave === DEFAULT_RDB_SAVE },
  minReplicasToWrite: {
    input: 'minReplicasToWrite',
    text: plain,
    isDefault: (s) => s.minReplicasToWrite === 0,
  },
  minReplicasMaxLag: {
    input: 'minReplicasMaxLag',
    text: plain,
    isDefault: (s) => s.minReplicasMaxLag === 10,
  },
  opTimeoutMs: { input: 'opTimeout', text: DURATION_TEXT },
  settleTimeoutMs: {
    input: 'settleTimeout',
    text: DURATION_TEXT,
    isDefault: (s) => s.settleTimeoutMs === 60_000,
  },
  runTimeoutMs: {
    input: 'runTimeout',
    text: DURATION_TEXT,
    isDefault: (s) => s.runTimeoutMs === s.timeLimitMs + 300_000,
  },
  redisConf: { input: 'redisConf', text: plain, isDefault: (s) => s.redisConf === undefined },
  redisConfig: {
    input: 'redisConfig',
    text: (v) => v,
    isDefault: (s) => s.redisConfig.length === 0,
  },
  store: { input: 'store', text: plain, isDefault: (s) => s.store === 'store' },
  keep: { input: 'keep', text: (v) => (v ? 'true' : undefined), isDefault: (s) => !s.keep },
  claim: { fileOnly: "a suite scenario's claim has no flag" },
  expect: { fileOnly: "a suite scenario's expectations have no flag" },
};

/** The `--flag value` words of one flag rule, or undefined when no flag text can say it. */
function flagWords(flag: string, boolean: boolean, text: string | readonly string[]): string[] {
  if (boolean) return [`--${flag}`];
  return [text].flat().map((t) => {
    // A value that starts with a dash would read as an option: attach it with `=`.
    return t.startsWith('-') ? `--${flag}=${shellQuote(t)}` : `--${flag} ${shellQuote(t)}`;
  });
}

/** The flags that say `s`, or undefined when a value has no flag (then the file must). */
function rerunFlags(s: ResolvedScenario): string[] | undefined {
  const words: string[] = [];
  for (const [field, rule] of Object.entries(RERUN_RULES) as [
    keyof ResolvedScenario,
    RerunRule<keyof ResolvedScenario>,
  ][]) {
    const value = s[field];
    if ('derivedFrom' in rule) continue;
    if ('fileOnly' in rule) {
      if (value !== undefined) return undefined;
      continue;
    }
    if ('faultOptions' in rule) {
      for (const o of FAULT_OPTIONS) {
        const v = s.faultOptions[optionField(o.flag)];
        if (v === undefined || v === o.parse(o.default)) continue;
        const text = o.show?.(v) ?? String(v);
        if (o.parse(text) !== v) return undefined;
        words.push(...flagWords(o.flag, false, text));
      }
      continue;
    }
    if (value === undefined || value === null || rule.isDefault?.(s) === true) continue;
    const flag = SCENARIO_FLAGS.find((f) => f.field === rule.input);
    if (flag === undefined) throw new Error(`no flag sets the scenario field ${rule.input}`);
    const text = (rule.text as (v: unknown) => string | readonly string[] | undefined)(value);
    if (text === undefined) return undefined;
    words.push(...flagWords(flag.flag, flag.kind === 'boolean', text));
  }
  return words;
}

/**
 * The `redcheck run ...` line that re-runs a resolved scenario exactly (same seed, same
 * settings), printed field by field from `RERUN_RULES`; when a field has no flag (an explicit
 * schedule, a suite's claim) or a value no flag text gives back, `--scenario` with its file.
 */
export function rerunCommand(s: ResolvedScenario, scenarioFile?: string): string {
  const flags = rerunFlags(s);
  if (flags !== undefined) return ['redcheck run', ...flags].join(' ');
  return scenarioFile === undefined
    ? `redcheck run --scenario <this scenario's file> --seed ${s.seed}`
    : `redcheck run --scenario ${shellQuote(scenarioFile)} --seed ${s.seed}`;
}

/** `s` as one shell word: as is when it holds only safe characters, else single-quoted. */
function shellQuote(s: string): string {
  return /^[\w./:,+=@%-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}
