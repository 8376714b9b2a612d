import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { parseRunSweep } from '../../src/cli/run/parseRunSweep.js';
import { isRedcheckError } from '../../src/errors.js';
import { TOPOLOGIES, REDIS_FLAVORS, PERSISTENCE_PRESETS } from '../../src/cluster/types.js';
import { MODE_NAMES, WAITAOF_FLAVORS } from '../../src/client/mode.js';
import { CLIENT_NAMES } from '../../src/client/channel.js';
import { MAX_SEED } from '../../src/common/random.js';
import { FAULT_KINDS, FAULT_OPTIONS } from '../../nemesis/index.js';
import { WORKLOAD_NAMES } from '../../workloads/index.js';
import {
  READ_FROM,
  rerunCommand,
  resolveScenario,
  scenarioInputSchema,
  type ResolvedScenario,
  type ScenarioInput,
} from '../../src/runner/scenario.js';
import { RERUN_RULES } from '../../src/runner/scenario/rerunCommand.js';
import { SCENARIO_FLAGS } from '../../src/runner/scenario/scenarioFlags.js';

/** A command line split as a POSIX shell splits it (single quotes and backslashes). */
function shellWords(line: string): string[] {
  const words: string[] = [];
  let word: string | undefined;
  for (let i = 0; i < line.length; i++) {
    const c = line[i] ?? '';
    if (c === "'") {
      const end = line.indexOf("'", i + 1);
      assert.ok(end > i, `unclosed quote in ${line}`);
      word = (word ?? '') + line.slice(i + 1, end);
      i = end;
    } else if (c === '\\') {
      word = (word ?? '') + (line[++i] ?? '');
    } else if (c === ' ') {
      if (word !== undefined) words.push(word);
      word = undefined;
    } else {
      word = (word ?? '') + c;
    }
  }
  if (word !== undefined) words.push(word);
  return words;
}

/** The scenario a printed re-run command gives, through the CLI's own parser. */
function rerun(cmd: string): ResolvedScenario {
  const words = shellWords(cmd);
  assert.deepEqual(words.slice(0, 2), ['redcheck', 'run']);
  const { inputs, axes } = parseRunSweep(words.slice(2));
  assert.equal(axes.length, 0, `a re-run command is one run: ${cmd}`);
  assert.equal(inputs.length, 1);
  return resolveScenario(inputs[0] ?? {});
}

/** Durations as a user may give them; `odd` ones no flag text can give back. */
const durationIn = (minMs: number, maxMs: number, odd = false): fc.Arbitrary<string | number> =>
  fc.oneof(
    { weight: 20, arbitrary: fc.integer({ min: minMs, max: maxMs }) },
    {
      weight: 2,
      arbitrary: fc
        .integer({ min: Math.ceil(minMs / 1000), max: Math.floor(maxMs / 1000) })
        .map((n) => `${n}s`),
    },
    {
      weight: odd ? 1 : 0,
      arbitrary: fc.integer({ min: minMs, max: maxMs - 1 }).map((n) => n + 0.5),
    },
  );

/** Every fault option's values (a new option fails the test below until it has some). */
const FAULT_OPTION_VALUES: Record<string, fc.Arbitrary<string | number>> = {
  'packet-loss': fc.oneof(
    fc.double({ min: 0, max: 1, minExcluded: true, noNaN: true }),
    fc.constantFrom('0.5', ' 1 '),
  ),
  'restart-delay': fc.oneof(
    { weight: 10, arbitrary: fc.integer({ min: 0, max: 60_000 }) },
    { weight: 5, arbitrary: fc.constantFrom('500ms', '2s') },
    { weight: 1, arbitrary: fc.integer({ min: 0, max: 999 }).map((n) => n + 0.25) },
  ),
  'disk-full-size': fc.constantFrom('16m', '256m', '1g', '4g', '64M', ' 100m'),
  'migrate-slots': fc.oneof(
    fc.constant('auto'),
    fc
      .tuple(fc.integer({ min: 0, max: 16_383 }), fc.integer({ min: 0, max: 16_383 }))
      .map(([a, b]) => (a === b ? `${a}` : `${Math.min(a, b)}-${Math.max(a, b)}`)),
  ),
  'slow-link-rate': fc.constantFrom('512kbit', '1mbit', '10mbit', '2.5mbit', ' 1gbit'),
  'failover-mode': fc.constantFrom('default', 'force', 'takeover'),
};

/** A user's redis.conf that every scenario can run with (`--redis-conf`). */
const REDIS_CONF = join(mkdtempSync(join(tmpdir(), 'redcheck-rerun-conf-')), 'my redis.conf');
writeFileSync(REDIS_CONF, '# mine\nmaxmemory 100mb\nsave 60 1000\n');

/** `arb` one time in five, else undefined. */
const rarely = <T>(arb: fc.Arbitrary<T>): fc.Arbitrary<T | undefined> =>
  fc.oneof({ weight: 4, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: arb });

/** Free text: quotes, spaces, dashes, newlines, anything a shell word must carry. */
const freeText = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.constantFrom("it's", '-x', '--keep', 'a b', 'x\ny', '$HOME', '"q"', '\\', ''),
);

/**
 * A scenario input using every field of the schema (each may still be left out), drawn
 * around the rules that `resolveScenario` enforces so that most of them resolve.
 */
const FIELDS: { [K in keyof ScenarioInput]-?: (t: string) => fc.Arbitrary<ScenarioInput[K]> } = {
  topology: (t) => fc.constant(t),
  replicas: (t) =>
    t === 'standalone' ? fc.constant(0) : fc.integer({ min: t === 'cluster' ? 0 : 1, max: 3 }),
  shards: (t) => (t === 'cluster' ? fc.integer({ min: 3, max: 5 }) : fc.constant(undefined)),
  clusterNodeTimeout: (t) =>
    t === 'cluster' ? durationIn(100, 600_000, true) : fc.constant(undefined),
  clusterRequireFullCoverage: (t) =>
    t === 'cluster' ? fc.constantFrom(true, false, 'yes', 'no', 'NO') : fc.constant(undefined),
  mode: () => fc.constantFrom(...MODE_NAMES),
  waitReplicas: () => fc.integer({ min: 0, max: 3 }),
  waitTimeout: () =>
    fc.oneof(
      { weight: 30, arbitrary: durationIn(1, 600_000, true) },
      { weight: 1, arbitrary: fc.constant(0) },
    ),
  waitaofLocal: () => fc.integer({ min: 0, max: 1 }),
  waitaofReplicas: () => fc.integer({ min: 0, max: 3 }),
  workload: () => fc.constantFrom(...WORKLOAD_NAMES),
  readFrom: (t) =>
    fc.constantFrom(...(t === 'replication' || t === 'sentinel' ? READ_FROM : ['primary'])),
  client: (t) => fc.constantFrom(...(t === 'cluster' ? ['resp'] : CLIENT_NAMES)),
  checkTimeLimit: () => durationIn(1, 24 * 3_600_000, true),
  nemesis: (t) => {
    const kinds = FAULT_KINDS.filter((k) => k.topologies.includes(t as never));
    const one = fc
      .constantFrom(...kinds)
      .chain((k) =>
        k.targets.length === 0
          ? fc.constant(k.name)
          : fc.constantFrom(k.name, ...k.targets.map((x) => `${k.name}:${x}`)),
      );
    return fc.oneof(
      fc.constant('none'),
      fc.uniqueArray(one, { minLength: 1, maxLength: 3 }).map((a) => a.join(',')),
      fc.tuple(one, one).map(([a, b]) => `${a}+${b}`),
      fc.uniqueArray(one, { minLength: 1, maxLength: 2 }),
    );
  },
  nemesisInterval: () => durationIn(1, 20_000, true),
  schedule: (t) =>
    rarely(
      fc
        .constantFrom(...FAULT_KINDS.filter((k) => k.topologies.includes(t as never)))
        .map((k) => [{ at: 0, fault: k.name, duration: '1s' }]),
    ),
  timeLimit: () => durationIn(20_000, 24 * 3_600_000, true),
  concurrency: () => fc.integer({ min: 1, max: 1000 }),
  rate: () =>
    fc.oneof(
      fc.integer({ min: 1, max: 1_000_000 }),
      fc.double({ min: 0.001, max: 1000, noNaN: true }),
    ),
  seed: () => fc.integer({ min: 0, max: MAX_SEED }),
  redis: () => fc.constantFrom(...REDIS_FLAVORS),
  image: () =>
    rarely(fc.constantFrom('redis:7.2', 'valkey/valkey:8.1', 'registry.example:5000/t/redis:x')),
  serverBinary: () => rarely(fc.constantFrom('/usr/local/bin/redis-server', 'valkey-server')),
  redisConf: () => rarely(fc.constant(REDIS_CONF)),
  persistence: () => fc.constantFrom(...PERSISTENCE_PRESETS),
  rdbSave: () =>
    fc
      .array(fc.tuple(fc.integer({ min: 1, max: 900 }), fc.integer({ min: 0, max: 10_000 })), {
        minLength: 1,
        maxLength: 3,
      })
      .map((pairs) => ` ${pairs.flat().join('  ')} `),
  minReplicasToWrite: () => fc.integer({ min: 0, max: 3 }),
  minReplicasMaxLag: () => fc.integer({ min: 0, max: 3600 }),
  store: () =>
    fc.oneof(
      fc.constantFrom('store', 'out/runs'),
      freeText.filter((s) => s !== ''),
    ),
  keep: () => fc.boolean(),
  opTimeout: () => durationIn(1, 600_000, true),
  settleTimeout: () =>
    fc.oneof(
      { weight: 30, arbitrary: durationIn(1, 3_600_000, true) },
      { weight: 1, arbitrary: fc.constant(0) },
    ),
  runTimeout: () =>
    fc.oneof(
      { weight: 30, arbitrary: durationIn(1, 48 * 3_600_000, true) },
      { weight: 1, arbitrary: fc.constant(0) },
    ),
  redisConfig: () => fc.array(freeText, { maxLength: 3 }),
  faultOptions: () =>
    fc
      .record(FAULT_OPTION_VALUES, { requiredKeys: [] })
      .map((o) =>
        Object.fromEntries(
          Object.entries(o).map(([flag, v]) => [
            flag.replace(/-(\w)/g, (_, c: string) => c.toUpperCase()),
            v,
          ]),
        ),
      ),
  claim: () => rarely(fc.constant({ id: 'c1', text: 'a claim' })),
  expect: () => rarely(fc.constant(['set.lost == 0'])),
  pending: () => rarely(fc.constant({ issue: 1, reason: 'waits' })),
};

const scenarioInput: fc.Arbitrary<ScenarioInput> = fc.constantFrom(...TOPOLOGIES).chain((t) =>
  fc
    .record(
      Object.fromEntries(
        Object.entries(FIELDS).map(([k, g]) => [k, g(t) as fc.Arbitrary<unknown>]),
      ) as { [K in keyof ScenarioInput]: fc.Arbitrary<ScenarioInput[K]> },
      { requiredKeys: [] },
    )
    .map((input) => {
      // A drawn schedule replaces the drawn nemesis (a scenario gives one or the other).
      const out: ScenarioInput = { ...input };
      if (out.schedule !== undefined) delete out.nemesis;
      for (const k of Object.keys(out) as (keyof ScenarioInput)[]) {
        if (out[k] === undefined) delete out[k];
      }
      // waitaof needs a flavor with WAITAOF; pick one when the mode asks for it.
      if (out.mode === 'waitaof' && !WAITAOF_FLAVORS.includes(out.redis ?? '7.0')) {
        out.redis = WAITAOF_FLAVORS[0];
      }
      // --image replaces --redis; --server-binary goes with --image.
      if (out.image !== undefined) delete out.redis;
      else delete out.serverBinary;
      return out;
    }),
);

describe('re-run command', () => {
  it('has a rule for every resolved field, and every flag rule names a flag the CLI parses', () => {
    // A new field of ResolvedScenario fails the typecheck of RERUN_RULES; this holds the rest.
    const inputs = new Set<string>();
    for (const [field, rule] of Object.entries(RERUN_RULES)) {
      if (!('input' in rule)) continue;
      const flag = SCENARIO_FLAGS.find((f) => f.field === rule.input);
      assert.ok(flag, `${field}: no flag in SCENARIO_FLAGS sets ${rule.input}`);
      inputs.add(rule.input);
    }
    // Every schema field is printed by a flag, by the fault options' flags, or needs the file.
    const fileOnly = ['schedule', 'claim', 'expect', 'pending'];
    for (const key of Object.keys(scenarioInputSchema.shape)) {
      if (key === 'faultOptions' || fileOnly.includes(key)) continue;
      assert.ok(inputs.has(key), `the schema field ${key} has no re-run rule`);
    }
    for (const f of SCENARIO_FLAGS) assert.ok(inputs.has(f.field), `--${f.flag} is never re-run`);
  });

  it('draws every schema field and every fault option', () => {
    assert.deepEqual(Object.keys(FIELDS).sort(), Object.keys(scenarioInputSchema.shape).sort());
    assert.deepEqual(
      Object.keys(FAULT_OPTION_VALUES).sort(),
      FAULT_OPTIONS.map((o) => o.flag).sort(),
    );
  });

  it('property: resolve, print, parse with the CLI parser, resolve again: equal', function () {
    this.timeout(120_000);
    const dir = mkdtempSync(join(tmpdir(), 'redcheck-rerun-'));
    const file = join(dir, 'scenario.json');
    const forms = { flags: 0, file: 0, rejected: 0 };
    try {
      fc.assert(
        fc.property(scenarioInput, (input) => {
          let s: ResolvedScenario;
          try {
            s = resolveScenario(input);
          } catch (e) {
            if (!isRedcheckError(e)) throw e;
            forms.rejected++;
            return; // a combination the scenario rules refuse: nothing to re-run
          }
          // As the runner stores it and names it in the command.
          writeFileSync(file, JSON.stringify(s, null, 2) + '\n');
          const cmd = rerunCommand(s, file);
          const viaFile = cmd.includes(' --scenario ');
          forms[viaFile ? 'file' : 'flags']++;
          if (s.schedule !== undefined || s.claim !== undefined || s.expect !== undefined) {
            assert.ok(viaFile, `no flag says a schedule, claim or expectation: ${cmd}`);
          }
          assert.deepEqual(rerun(cmd), s, cmd);
        }),
        { seed: 20261206, numRuns: 600 },
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    // Both forms are exercised, and the drawn scenarios mostly resolve.
    assert.ok(forms.flags > 100, JSON.stringify(forms));
    assert.ok(forms.file > 50, JSON.stringify(forms));
    assert.ok(forms.rejected < 300, JSON.stringify(forms));
  });

  it('prints flags when every value has one: fault options included', () => {
    const s = resolveScenario({
      topology: 'replication',
      seed: 4,
      nemesis: 'packet-loss,disk-full,power-loss',
      faultOptions: { packetLoss: 0.5, diskFullSize: '64m', restartDelay: '2s' },
      keep: true,
      redisConfig: ["save ''", '--x'],
    });
    const cmd = rerunCommand(s, 'store/x/scenario.json');
    assert.match(cmd, / --packet-loss 0\.5 /);
    assert.match(cmd, / --disk-full-size 64m /);
    assert.match(cmd, / --restart-delay 2000ms/);
    assert.match(cmd, / --keep( |$)/);
    assert.match(cmd, / --redis-config 'save '\\'''\\''' --redis-config=--x/);
    assert.doesNotMatch(cmd, /--scenario|--migrate-slots|--failover-mode/);
    assert.deepEqual(rerun(cmd), s);
  });

  it('names the scenario file when a value has no flag text (a 0 ms wait timeout)', () => {
    const s = resolveScenario({ topology: 'replication', waitTimeout: 0, seed: 8 });
    assert.equal(rerunCommand(s, 'a b.json'), "redcheck run --scenario 'a b.json' --seed 8");
    assert.equal(rerunCommand(s), "redcheck run --scenario <this scenario's file> --seed 8");
  });
});
