import assert from 'node:assert/strict';
import { parseRunArgs } from '../../src/cli/run/parseRunArgs.js';
import { isRedcheckError } from '../../src/errors.js';
import {
  parseScenarioInput,
  rerunCommand,
  resolveScenario,
  type ScenarioInput,
} from '../../src/runner/scenario.js';

function rejects(input: ScenarioInput, code: RegExp, fix: RegExp): void {
  assert.throws(
    () => resolveScenario(input),
    (e: unknown) => isRedcheckError(e) && code.test(e.code) && fix.test(e.fix ?? ''),
  );
}

describe('runner scenario', () => {
  it('resolves every default in one place', () => {
    const s = resolveScenario({ seed: 7 });
    assert.deepEqual(s, {
      topology: 'sentinel',
      replicas: 2,
      mode: 'async',
      waitReplicas: 2,
      waitTimeoutMs: 1000,
      waitaofLocal: 1,
      waitaofReplicas: 0,
      workload: 'set',
      readFrom: 'primary',
      client: 'resp',
      checkTimeLimitMs: 60_000,
      nemesis: ['partition:primary-with-clients'],
      faults: [{ fault: 'partition', target: 'primary-with-clients' }],
      // Every fault kind's options, at their defaults (from the fault registry).
      faultOptions: {
        failoverMode: 'default',
        migrateSlots: 'auto',
        slowLinkRate: '1mbit',
        packetLoss: 0.3,
        restartDelay: 0,
        diskFullSize: '256m',
      },
      nemesisIntervalMs: 10_000,
      timeLimitMs: 30_000,
      concurrency: 10,
      rate: null,
      seed: 7,
      redis: '7.0',
      persistence: 'none',
      rdbSave: '5 1',
      minReplicasToWrite: 0,
      minReplicasMaxLag: 10,
      store: 'store',
      keep: false,
      opTimeoutMs: 1000,
      settleTimeoutMs: 60_000,
      runTimeoutMs: 330_000,
      redisConfig: [],
    });
  });

  it('draws and records a seed when none is given', () => {
    const s = resolveScenario({});
    assert.ok(Number.isInteger(s.seed) && s.seed >= 0);
  });

  it('names the valid values for an unknown topology, mode, workload or nemesis none mix', () => {
    rejects({ topology: 'ring' }, /TOPOLOGY/, /standalone, replication, sentinel/);
    rejects({ mode: 'sync' }, /MODE/, /async, wait, multi, lua/);
    rejects({ workload: 'queue' }, /WORKLOAD/, /set/);
    rejects({ persistence: 'fsync' }, /PERSISTENCE/, /aof-always/);
    rejects({ nemesis: ['none', 'kill'] }, /NEMESIS/, /none/);
    rejects({ timeLimit: '3 parsecs' }, /DURATION/, /30s/);
    rejects({ mode: 'wait', waitReplicas: 3 }, /SCENARIO/, /0\.\.2/);
  });

  it('accepts durations as strings or milliseconds and nemesis as a comma list', () => {
    const s = resolveScenario({
      timeLimit: '2m',
      nemesisInterval: 1500,
      mode: 'wait',
      waitTimeout: '500ms',
      topology: 'replication',
      nemesis: 'kill:primary, partition:majority-minority',
      seed: 1,
    });
    assert.equal(s.timeLimitMs, 120_000);
    assert.equal(s.nemesisIntervalMs, 1500);
    assert.equal(s.waitTimeoutMs, 500);
    assert.equal(s.opTimeoutMs, 1500);
    assert.deepEqual(s.nemesis, ['kill:primary', 'partition:majority-minority']);
    assert.deepEqual(resolveScenario({ nemesis: 'none', seed: 1 }).nemesis, []);
    assert.equal(resolveScenario({ topology: 'standalone', seed: 1 }).replicas, 0);
  });

  it('rejects unknown fields in a scenario file', () => {
    assert.throws(
      () => parseScenarioInput({ topolgy: 'sentinel' }, 'x.json'),
      (e: unknown) => isRedcheckError(e) && /x\.json/.test(e.message),
    );
    assert.deepEqual(parseScenarioInput({ mode: 'lua' }, 'x.json'), { mode: 'lua' });
  });

  it('keeps composed faults (a+b) as one nemesis item, and checks every part', () => {
    const s = resolveScenario({ nemesis: 'partition+kill:n2,failover', seed: 1 });
    assert.deepEqual(s.nemesis, ['partition:primary-with-clients+kill:n2', 'failover']);
    assert.deepEqual(
      s.faults.map((f) => f.fault),
      ['partition', 'kill', 'failover'],
    );
    assert.match(rerunCommand(s), /--nemesis partition:primary-with-clients\+kill:n2,failover /);
    assert.deepEqual(resolveScenario({ nemesis: s.nemesis, seed: 1 }), s);
    rejects({ nemesis: 'partition+partition:majority-minority' }, /E_NEMESIS_SPEC/, /different/);
    rejects(
      { topology: 'replication', nemesis: 'kill+failover' },
      /E_NEMESIS_TOPOLOGY/,
      /sentinel/,
    );
  });

  it('takes a spelled-out schedule, overlaps of different kinds included', () => {
    const input: ScenarioInput = {
      seed: 5,
      timeLimit: '20s',
      nemesisInterval: '4s',
      schedule: [
        { at: '2s', fault: 'partition', duration: '10s' },
        { at: 4000, fault: 'kill', target: 'primary', duration: 3000 },
        { at: '15s', fault: 'failover' },
      ],
    };
    const s = resolveScenario(input);
    assert.deepEqual(s.schedule, [
      { at: 2000, fault: 'partition', target: 'primary-with-clients', duration: 10_000 },
      { at: 4000, fault: 'kill', target: 'primary', duration: 3000 },
      { at: 15_000, fault: 'failover', duration: 0 },
    ]);
    assert.deepEqual(s.nemesis, ['partition:primary-with-clients', 'kill:primary', 'failover']);
    // The stored scenario.json (both nemesis and schedule) resolves to itself again.
    const stored = parseScenarioInput(JSON.parse(JSON.stringify(s)), 'scenario.json');
    assert.deepEqual(resolveScenario(stored), s);
    // No flags can say it: the re-run command points at the scenario file.
    assert.equal(
      rerunCommand(s, 'store/x/scenario.json'),
      'redcheck run --scenario store/x/scenario.json --seed 5',
    );
    rejects({ ...input, nemesis: 'kill' }, /E_SCENARIO/, /either nemesis .* or schedule/);
    rejects(
      { ...input, schedule: [{ at: '18s', fault: 'kill', duration: '5s' }] },
      /E_NEMESIS_SCHEDULE/,
      /raise time-limit/,
    );
    rejects(
      {
        ...input,
        schedule: [
          { at: 0, fault: 'kill', duration: 5000 },
          { at: 1000, fault: 'kill', target: 'n2' },
        ],
      },
      /E_NEMESIS_SCHEDULE/,
      /its own time span/,
    );
    rejects(
      { ...input, topology: 'replication', schedule: [{ at: 0, fault: 'failover' }] },
      /E_NEMESIS_TOPOLOGY/,
      /sentinel/,
    );
  });

  it('gives a re-run command that resolves to the same scenario', () => {
    const s = resolveScenario({ topology: 'replication', mode: 'wait', seed: 99, rate: 50 });
    const cmd = rerunCommand(s);
    assert.match(cmd, /--seed 99/);
    // Defaults that follow from other fields are left out (every replica, the timeouts).
    assert.doesNotMatch(cmd, /--wait-replicas|--wait-timeout|--run-timeout/);
    const words = cmd.split(' ');
    assert.deepEqual(words.slice(0, 2), ['redcheck', 'run']);
    assert.deepEqual(resolveScenario(parseRunArgs(words.slice(2)).input), s);
  });

  it('register: reads from replicas and the check time limit resolve, and re-run with their flags', () => {
    const s = resolveScenario({
      topology: 'replication',
      workload: 'register',
      readFrom: 'replica',
      checkTimeLimit: '5s',
      seed: 3,
    });
    assert.equal(s.workload, 'register');
    assert.equal(s.readFrom, 'replica');
    assert.equal(s.checkTimeLimitMs, 5000);
    assert.match(
      rerunCommand(s),
      /--workload register --read-from replica --check-time-limit 5000ms /,
    );
    assert.deepEqual(resolveScenario(parseScenarioInput(JSON.parse(JSON.stringify(s)), 'x')), s);
    rejects({ readFrom: 'somewhere' }, /^E_UNKNOWN_READ_FROM$/, /primary, replica/);
    rejects({ topology: 'standalone', readFrom: 'replica' }, /^E_SCENARIO$/, /--read-from primary/);
    rejects({ checkTimeLimit: 0 }, /^E_SCENARIO$/, /--check-time-limit/);
  });

  it("the workers' client: resp by default, ioredis on request, re-run with its flag", () => {
    assert.equal(resolveScenario({ seed: 1 }).client, 'resp');
    assert.doesNotMatch(rerunCommand(resolveScenario({ seed: 1 })), /--client/);
    const s = resolveScenario({ client: 'ioredis', seed: 1 });
    assert.equal(s.client, 'ioredis');
    assert.match(rerunCommand(s), / --client ioredis /);
    assert.deepEqual(resolveScenario(parseScenarioInput(JSON.parse(JSON.stringify(s)), 'x')), s);
    rejects({ client: 'redis-cli' }, /^E_UNKNOWN_CLIENT$/, /resp, ioredis/);
  });
});
