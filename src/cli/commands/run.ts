import { MODE_NAMES } from '../../client/mode.js';
import { readFileSync } from 'node:fs';
import { parseCommandArgs, usageError as commandUsageError } from '../parseCommandArgs.js';
import { RedcheckError, errorMessage } from '../../errors.js';
import { runScenario } from '../../runner/runScenario.js';
import {
  parseScenarioInput,
  resolveScenario,
  scenarioLimitsHelp,
  type ScenarioInput,
} from '../../runner/scenario.js';
import { PERSISTENCE_PRESETS, REDIS_FLAVORS, TOPOLOGIES } from '../../cluster/types.js';
import { FAULT_KINDS, FAULT_OPTIONS, optionField } from '../../../nemesis/index.js';
import { WORKLOADS } from '../../../workloads/index.js';
import type { Command } from '../command.js';
import { randomSeed } from '../../common/random.js';
import { runSweep, type SweepAxis } from '../sweep.js';

type Kind = 'string' | 'int' | 'number' | 'boolean' | 'list';

/** Each scenario flag: its scenario field, how it is typed, and its help line. */
const FLAGS: { flag: string; field: keyof ScenarioInput; kind: Kind; help: string }[] = [
  {
    flag: 'topology',
    field: 'topology',
    kind: 'string',
    help: `${TOPOLOGIES.join('|')} (default sentinel)`,
  },
  {
    flag: 'replicas',
    field: 'replicas',
    kind: 'int',
    help: 'replicas beside the primary (default 2); cluster: per shard (default 1)',
  },
  {
    flag: 'shards',
    field: 'shards',
    kind: 'int',
    help: 'cluster: shards, at least 3 (default 3)',
  },
  {
    flag: 'cluster-node-timeout',
    field: 'clusterNodeTimeout',
    kind: 'string',
    help: 'cluster: cluster-node-timeout (default 2000ms)',
  },
  {
    flag: 'cluster-require-full-coverage',
    field: 'clusterRequireFullCoverage',
    kind: 'string',
    help: 'cluster: cluster-require-full-coverage yes|no (default yes)',
  },
  { flag: 'mode', field: 'mode', kind: 'string', help: `${MODE_NAMES.join('|')} (default async)` },
  {
    flag: 'wait-replicas',
    field: 'waitReplicas',
    kind: 'int',
    help: 'wait mode: WAIT numreplicas (default: all replicas)',
  },
  {
    flag: 'waitaof-local',
    field: 'waitaofLocal',
    kind: 'int',
    help: 'waitaof mode: WAITAOF numlocal, 0 or 1 (default 1: the primary fsyncs its AOF)',
  },
  {
    flag: 'waitaof-replicas',
    field: 'waitaofReplicas',
    kind: 'int',
    help: 'waitaof mode: WAITAOF numreplicas (default 0)',
  },
  {
    flag: 'wait-timeout',
    field: 'waitTimeout',
    kind: 'string',
    help: 'wait mode: WAIT timeout (default 1s)',
  },
  {
    flag: 'workload',
    field: 'workload',
    kind: 'string',
    help: `${WORKLOADS.map((w) => w.name).join('|')} (default ${WORKLOADS[0]?.name ?? 'set'})`,
  },
  {
    flag: 'read-from',
    field: 'readFrom',
    kind: 'string',
    help: 'register workload: reads on the primary|replica (default primary)',
  },
  {
    flag: 'client',
    field: 'client',
    kind: 'string',
    help: "the workers' client: resp (redcheck's own RESP client) or ioredis (default resp)",
  },
  {
    flag: 'check-time-limit',
    field: 'checkTimeLimit',
    kind: 'string',
    help: 'time budget of the linearizability check; past it unknown (default 60s)',
  },
  {
    flag: 'nemesis',
    field: 'nemesis',
    kind: 'string',
    help: `none, or fault[:target],... with faults ${FAULT_KINDS.map((k) => k.name).join(', ')}\n                           (default partition:primary-with-clients; none for standalone)`,
  },
  {
    flag: 'nemesis-interval',
    field: 'nemesisInterval',
    kind: 'string',
    help: 'length of each quiet and each fault period (default 10s)',
  },
  {
    flag: 'time-limit',
    field: 'timeLimit',
    kind: 'string',
    help: 'how long the workload runs (default 30s)',
  },
  { flag: 'concurrency', field: 'concurrency', kind: 'int', help: 'workers (default 10)' },
  {
    flag: 'rate',
    field: 'rate',
    kind: 'number',
    help: 'ops/s limit over all workers (default: none)',
  },
  {
    flag: 'seed',
    field: 'seed',
    kind: 'int',
    help: 'seed of the generator and fault schedule (default: random, recorded)',
  },
  {
    flag: 'redis',
    field: 'redis',
    kind: 'string',
    help: `${REDIS_FLAVORS.join('|')} (default 7.0)`,
  },
  {
    flag: 'persistence',
    field: 'persistence',
    kind: 'string',
    help: `${PERSISTENCE_PRESETS.join('|')} (default none)`,
  },
  {
    flag: 'rdb-save',
    field: 'rdbSave',
    kind: 'string',
    help: 'RDB schedule of the rdb presets, as redis.conf save pairs (default "5 1")',
  },
  {
    flag: 'min-replicas-to-write',
    field: 'minReplicasToWrite',
    kind: 'int',
    help: 'min-replicas-to-write (default 0: off)',
  },
  {
    flag: 'min-replicas-max-lag',
    field: 'minReplicasMaxLag',
    kind: 'int',
    help: 'min-replicas-max-lag in seconds (default 10)',
  },
  {
    flag: 'op-timeout',
    field: 'opTimeout',
    kind: 'string',
    help: 'per-op client timeout (default 1s; wait mode: wait-timeout + 1s)',
  },
  {
    flag: 'settle-timeout',
    field: 'settleTimeout',
    kind: 'string',
    help: 'bound on settling after the heal (default 60s)',
  },
  {
    flag: 'run-timeout',
    field: 'runTimeout',
    kind: 'string',
    help: 'bound on the whole run (default time limit + 5m)',
  },
  { flag: 'store', field: 'store', kind: 'string', help: 'output folder (default store/)' },
  {
    flag: 'keep',
    field: 'keep',
    kind: 'boolean',
    help: 'leave the deployment running (remove it with `redcheck cleanup`)',
  },
  {
    flag: 'redis-config',
    field: 'redisConfig',
    kind: 'list',
    help: 'extra redis.conf line for every node (repeatable)',
  },
];

/** The flags that take a comma-separated list: the run then runs every combination (a sweep). */
export const SWEEP_FLAGS: readonly string[] = [
  'persistence',
  'mode',
  'redis',
  'wait-replicas',
  'min-replicas-to-write',
  'min-replicas-max-lag',
];

const USAGE = `usage: redcheck run [options]

Start a Redis deployment in Docker, drive concurrent writes through a mode while a nemesis
injects faults, heal, read the final state from every node and report lost writes.
Writes store/<run>/ (scenario.json, history.jsonl, results.json, nodes/); store/latest
points at it.

A comma-separated list for ${SWEEP_FLAGS.map((f) => `--${f}`).join(', ')}
(--persistence none,rdb,aof-everysec,aof-always) makes a sweep: every combination runs in turn
with one seed (the same workload stream and fault schedule), each stored as one run, and one
comparison page store/compare-<first run>.html beside them. Exit: the worst of the runs.

options:
  --scenario <file.json>   load a scenario (flags given as well override its fields)
${FLAGS.map((f) => `  --${`${f.flag} <${f.kind === 'boolean' ? '' : 'v'}>`.replace(' <>', '').padEnd(22)} ${f.help}`).join('\n')}
${FAULT_OPTIONS.map((o) => `  ${`--${o.flag} <v>`.padEnd(24)} ${o.kind}: ${o.help} (default ${o.default})`).join('\n')}
  --json                   print results.json on stdout instead of the summary

workloads:
${WORKLOADS.map((w) => `  ${w.name.padEnd(24)} ${w.help}`).join('\n')}

faults (--nemesis fault[:target]; a+b holds both at once, b nested inside a's period, as in
partition:primary-with-clients+kill:primary; a scenario file may spell out its schedule:
"schedule": [{"at": "5s", "fault": "partition", "duration": "10s"}, {"at": "8s", "fault": "kill"}],
where faults of different kinds may overlap):
${FAULT_KINDS.map((k) => {
  const targets = [...k.targets, ...(k.nodeName ? ['n1, n2, ...'] : [])];
  const t =
    targets.length === 0
      ? ''
      : `\n${' '.repeat(27)}targets: ${targets.join(', ')}${k.defaultTarget ? ` (default ${k.defaultTarget})` : ''}`;
  return `  ${k.name.padEnd(24)} ${k.help}${t}`;
}).join('\n')}

limits (above one is exit 2; no timer can pass 2^31 ms):
${scenarioLimitsHelp()}

exit: 0 valid, 1 invalid (e.g. lost acknowledged writes), 2 error, 3 unknown`;

const usageError = (message: string): RedcheckError => commandUsageError('run', message);

function toNumber(flag: string, text: string, int: boolean): number {
  const n = Number(text);
  if (text.trim() === '' || !Number.isFinite(n) || (int && !Number.isInteger(n))) {
    throw usageError(`--${flag} wants ${int ? 'an integer' : 'a number'}, got "${text}"`);
  }
  return n;
}

/** The most runs one sweep may make. */
const MAX_SWEEP_RUNS = 64;

type RunValues = ReturnType<typeof parseRunValues>;

function parseRunValues(argv: string[]) {
  const options: Record<string, { type: 'string' | 'boolean'; multiple?: boolean }> = {
    scenario: { type: 'string' },
    json: { type: 'boolean' },
  };
  for (const o of FAULT_OPTIONS) options[o.flag] = { type: 'string' };
  for (const f of FLAGS) {
    options[f.flag] =
      f.kind === 'boolean'
        ? { type: 'boolean' }
        : f.kind === 'list'
          ? { type: 'string', multiple: true }
          : { type: 'string' };
  }
  return parseCommandArgs('run', {
    args: argv,
    options,
    strict: true,
    allowPositionals: false,
  }).values;
}

/** Command line -> scenario input (a `--scenario` file first, then the flags over it). */
export function parseRunArgs(argv: string[]): { input: ScenarioInput; json: boolean } {
  return inputOf(parseRunValues(argv));
}

/**
 * Command line -> one scenario input per combination of the list flags' values (`SWEEP_FLAGS`,
 * the last flag varying fastest), all with one seed: the given one, else one drawn here. With
 * no list (every flag one value) it is `parseRunArgs`: one input, no axes, seed untouched.
 */
export function parseRunSweep(argv: string[]): {
  inputs: ScenarioInput[];
  axes: SweepAxis[];
  /** Each input's value of every axis flag. */
  settings: Record<string, string>[];
  json: boolean;
} {
  const values = parseRunValues(argv);
  const axes: SweepAxis[] = [];
  for (const flag of SWEEP_FLAGS) {
    const v = values[flag];
    if (typeof v !== 'string' || !v.includes(',')) continue;
    const items = v.split(',').map((x) => x.trim());
    if (items.includes('')) throw usageError(`--${flag} "${v}": a list with an empty value`);
    const twice = items.find((x, i) => items.indexOf(x) !== i);
    if (twice !== undefined) throw usageError(`--${flag} "${v}": ${twice} is listed twice`);
    axes.push({ flag, values: items });
  }
  let combos: Record<string, string>[] = [{}];
  for (const a of axes)
    combos = combos.flatMap((c) => a.values.map((v) => ({ ...c, [a.flag]: v })));
  if (combos.length > MAX_SWEEP_RUNS) {
    throw usageError(
      `the lists make ${combos.length} runs, more than ${MAX_SWEEP_RUNS}: split the sweep`,
    );
  }
  const parsed = combos.map((c) => inputOf({ ...values, ...c }));
  const json = parsed[0]?.json ?? false;
  const inputs = parsed.map((p) => p.input);
  if (axes.length === 0 || inputs[0]?.seed !== undefined) {
    return { inputs, axes, settings: combos, json };
  }
  const seed = randomSeed();
  return { inputs: inputs.map((i) => ({ ...i, seed })), axes, settings: combos, json };
}

function inputOf(values: RunValues): { input: ScenarioInput; json: boolean } {
  let input: ScenarioInput = {};
  const file = values.scenario;
  if (typeof file === 'string') {
    let raw: unknown;
    try {
      // A byte-order mark (files saved by Windows editors) is not part of the JSON.
      raw = JSON.parse(readFileSync(file, 'utf8').replace(/^\uFEFF/, ''));
    } catch (e) {
      throw new RedcheckError(
        'E_SCENARIO',
        `cannot read scenario ${file}: ${errorMessage(e)}`,
        "give a JSON file with scenario fields (an earlier run's scenario.json works)",
      );
    }
    input = parseScenarioInput(raw, file);
  }
  const flags: Record<string, unknown> = {};
  for (const f of FLAGS) {
    const v = values[f.flag];
    if (v === undefined) continue;
    if (f.kind === 'boolean' || f.kind === 'list') flags[f.field] = v;
    else if (f.kind === 'int' || f.kind === 'number') {
      flags[f.field] = toNumber(f.flag, String(v), f.kind === 'int');
    } else flags[f.field] = v;
  }
  const faultOptions: Record<string, string> = {};
  for (const o of FAULT_OPTIONS) {
    const v = values[o.flag];
    if (typeof v === 'string') faultOptions[optionField(o.flag)] = v;
  }
  if (Object.keys(faultOptions).length > 0) {
    flags.faultOptions = { ...input.faultOptions, ...faultOptions };
  }
  return {
    input: { ...input, ...parseScenarioInput(flags, 'the command line') },
    json: values.json === true,
  };
}

function summary(r: Awaited<ReturnType<typeof runScenario>>): string {
  const res = r.results;
  const lines = [`run ${res.run}: valid ${String(res.valid)}`];
  for (const line of r.summary) lines.push(`  ${line}`);
  for (const [name, c] of Object.entries(res.checkers)) {
    if (c.valid !== true && (c.reason || c.error)) {
      lines.push(`  ${name}: ${String(c.valid)}: ${c.reason ?? ''} ${c.error ?? ''}`.trimEnd());
    }
  }
  if (res.settle && !res.settle.settled) lines.push(`  not settled: ${res.settle.reason ?? ''}`);
  if (res.interrupted) lines.push(`  interrupted: ${res.interrupted}`);
  for (const f of res.faults) {
    const t = (ns: number | undefined): string =>
      ns === undefined ? '?' : `${(ns / 1e9).toFixed(1)}s`;
    lines.push(
      `  fault ${f.fault}${f.target ? `:${f.target}` : ''} ${t(f.start)}..${t(f.end)} ${f.description ?? ''}`.trimEnd(),
    );
  }
  lines.push(`  ${r.runDir}`);
  lines.push(`  re-run: ${res.command}`);
  return lines.join('\n');
}

export const runCommand: Command = {
  name: 'run',
  usage: USAGE,
  async run(argv) {
    const { inputs, axes, settings, json } = parseRunSweep(argv);
    if (axes.length > 0) return runSweep(inputs, axes, settings, { json });
    const scenario = resolveScenario(inputs[0] ?? {});
    const result = await runScenario({
      scenario,
      progress: json && !process.stderr.isTTY ? null : process.stderr,
    });
    if (json) console.log(JSON.stringify(result.results, null, 2));
    else console.log(summary(result));
    return result.exitCode;
  },
};
