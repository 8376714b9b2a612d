import assert from 'node:assert/strict';
import { describe, it } from 'mocha';
import {
  FAULT_NAMES,
  createNemesisDriver,
  explicitSchedule,
  type Clock,
  type Nemesis,
  type NemesisOp,
  type NemesisRegistry,
} from '../../nemesis/index.js';
import type { Deployment } from '../../src/cluster/types.js';

/** A clock whose sleeps advance time at once; `abortAt` aborts the run at that time. */
function steppingClock(controller?: AbortController, abortAt = Infinity): Clock {
  let t = 0;
  return {
    nowMs: () => t,
    sleep(ms) {
      const until = t + Math.max(0, ms);
      if (until >= abortAt && controller) {
        t = abortAt;
        controller.abort();
      } else t = until;
      return Promise.resolve();
    },
  };
}

/** Nemeses that do nothing to any node but say what they were asked, in order. */
function journalRegistry(journal: string[], failStart: string[] = []): NemesisRegistry {
  const make = (kind: string) => (): Nemesis => ({
    kind,
    setup: () => Promise.resolve(void journal.push(`setup ${kind}`)),
    start(target, _rng, ctx) {
      journal.push(`start ${kind}`);
      if (failStart.includes(kind)) return Promise.reject(new Error('no primary'));
      return Promise.resolve({
        kind,
        target,
        nodes: ['n1'],
        value: { node: 'n1' },
        description: `${kind} n1`,
        startedAt: ctx.now(),
        verified: kind !== 'pause',
        ...(kind === 'pause' ? { problem: 'still running' } : {}),
      });
    },
    stop(_f, ctx) {
      journal.push(`stop ${kind}`);
      return Promise.resolve({ endedAt: ctx.now(), value: { node: 'n1' }, verified: true });
    },
    healAll: () => Promise.resolve(void journal.push(`heal ${kind}`)),
    teardown: () => Promise.resolve(void journal.push(`teardown ${kind}`)),
  });
  return Object.fromEntries(FAULT_NAMES.map((k) => [k, make(k)]));
}

// The driver only hands the deployment to the nemeses; these nemeses never touch it.
const noDeployment = {} as Deployment;

function setup(
  entries: unknown,
  opts: { controller?: AbortController; abortAt?: number; failStart?: string[] } = {},
) {
  const journal: string[] = [];
  const ops: NemesisOp[] = [];
  const logs: string[] = [];
  let ns = 0;
  const driver = createNemesisDriver({
    deployment: noDeployment,
    schedule: explicitSchedule(entries, 1, 1000),
    record: (op) => void ops.push(op),
    now: () => (ns += 10),
    log: (l) => void logs.push(l),
    clock: steppingClock(opts.controller, opts.abortAt),
    registry: journalRegistry(journal, opts.failStart),
  });
  return { driver, journal, ops, logs };
}

describe('nemesis driver', () => {
  it('records an invoke/info pair per event, with paired log lines', async () => {
    const { driver, ops, logs, journal } = setup([
      { at: 1000, fault: 'kill', duration: 500 },
      { at: 3000, fault: 'failover' },
      { at: 4000, fault: 'pause', target: 'n2', duration: 500 },
    ]);
    await driver.setup();
    const faults = await driver.run();
    await driver.healAll();
    await driver.teardown();
    assert.deepEqual(
      ops.map((o) => `${o.type} ${o.f}`),
      [
        'invoke kill',
        'info kill',
        'invoke start',
        'info start',
        'invoke failover',
        'info failover',
        'invoke pause',
        'info pause',
        'invoke resume',
        'info resume',
      ],
    );
    assert.ok(ops.every((o) => o.process === 'nemesis'));
    // The start's completion names the fault, who it hit and when it took hold (before it
    // was verified), so fault windows can be read back from the history alone.
    assert.deepEqual(ops[1]?.value, {
      fault: 'kill',
      target: 'primary',
      node: 'n1',
      description: 'kill n1',
      at: 20,
      verified: true,
    });
    assert.match(ops[7]?.error ?? '', /not verified: still running/);
    assert.deepEqual(
      faults.map((f) => [f.fault, f.target, f.verified, f.end === undefined]),
      [
        ['kill', 'primary', true, false],
        ['failover', undefined, true, true],
        ['pause', 'n2', false, false],
      ],
    );
    for (const f of faults) assert.ok(f.end === undefined || f.end > f.start);
    assert.deepEqual(
      logs.filter((l) => /\] (starting|started|stopping|stopped) kill/.test(l)),
      [
        '[nemesis] starting kill:primary',
        '[nemesis] started kill:primary: kill n1',
        '[nemesis] stopping kill:primary',
        '[nemesis] stopped kill:primary',
      ],
    );
    assert.ok(logs.some((l) => l.startsWith('[nemesis] warning: pause:n2 not verified')));
    assert.deepEqual(journal.slice(0, 3), ['setup kill', 'setup failover', 'setup pause']);
    assert.deepEqual(
      journal.filter((j) => j.startsWith('heal')),
      FAULT_NAMES.map((k) => `heal ${k}`),
    );
    assert.deepEqual(driver.active(), []);
  });

  it('an abort mid-fault ends the fault before run resolves, and skips the rest', async () => {
    const controller = new AbortController();
    const { driver, ops } = setup(
      [
        { at: 1000, fault: 'partition', duration: 5000 },
        { at: 8000, fault: 'kill', duration: 1000 },
      ],
      { controller, abortAt: 2500 },
    );
    await driver.setup();
    const faults = await driver.run(controller.signal);
    assert.deepEqual(
      ops.map((o) => `${o.type} ${o.f}`),
      [
        'invoke start-partition',
        'info start-partition',
        'invoke stop-partition',
        'info stop-partition',
      ],
    );
    assert.equal(faults.length, 1);
    assert.ok(faults[0]?.end !== undefined);
    assert.deepEqual(driver.active(), []);
  });

  it('overlapping faults hold side by side; nemesis ops stay one at a time', async () => {
    const journal: string[] = [];
    const ops: NemesisOp[] = [];
    const t0 = performance.now();
    const driver = createNemesisDriver({
      deployment: noDeployment,
      // Real time, in tens of ms: a partition with a kill inside it, then a pause alone.
      schedule: explicitSchedule(
        [
          { at: 0, fault: 'partition', duration: 150 },
          { at: 40, fault: 'kill', duration: 50 },
          { at: 200, fault: 'pause', target: 'n2', duration: 20 },
        ],
        1,
        1000,
      ),
      record: (op) => void ops.push(op),
      now: () => Math.round((performance.now() - t0) * 1e6),
      log: () => undefined,
      registry: journalRegistry(journal),
    });
    await driver.setup();
    const faults = await driver.run();
    assert.deepEqual(
      journal.filter((j) => !j.startsWith('setup')),
      ['start partition', 'start kill', 'stop kill', 'stop partition', 'start pause', 'stop pause'],
    );
    // Every invoke is followed by its completion: one nemesis process.
    for (let i = 0; i < ops.length; i += 2) {
      assert.equal(ops[i]?.type, 'invoke');
      assert.equal(ops[i + 1]?.type, 'info');
      assert.equal(ops[i + 1]?.f, ops[i]?.f);
    }
    const [partition, kill] = faults;
    assert.ok(partition && kill && partition.end !== undefined && kill.end !== undefined);
    assert.ok(partition.start < kill.start && kill.end < partition.end, 'kill inside partition');
    await driver.teardown();
  });

  it('a fault that cannot start is recorded as unverified and the run goes on', async () => {
    const { driver, ops } = setup(
      [
        { at: 0, fault: 'partition', duration: 10 },
        { at: 100, fault: 'kill', duration: 10 },
      ],
      { failStart: ['partition'] },
    );
    await driver.run();
    assert.deepEqual(
      ops.map((o) => `${o.type} ${o.f}`),
      [
        'invoke start-partition',
        'info start-partition',
        'invoke kill',
        'info kill',
        'invoke start',
        'info start',
      ],
    );
    assert.equal(ops[1]?.error, 'no primary');
    assert.deepEqual(
      driver.faults().map((f) => [f.fault, f.verified]),
      [
        ['partition', false],
        ['kill', true],
      ],
    );
  });
});
