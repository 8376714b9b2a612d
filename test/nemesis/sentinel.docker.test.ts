import { dockerOrSkip } from '../support/dockerAvailable.js';
import { checkNoLeftovers } from '../support/leftovers.js';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'mocha';
import {
  faultKind,
  createNemesisDriver,
  explicitSchedule,
  listRules,
  type NemesisContext,
  type NemesisOp,
} from '../../nemesis/index.js';
import { waitFor } from '../../nemesis/waitFor.js';
import { startDeployment, type Deployment } from '../../src/cluster/index.js';
import { createRandom } from '../../src/common/random.js';

describe('nemesis against a sentinel deployment @docker', function () {
  this.timeout(180_000);
  checkNoLeftovers();
  let d: Deployment | undefined;
  const dep = (): Deployment => d ?? assert.fail('no deployment');
  const ops: NemesisOp[] = [];
  const t0 = process.hrtime.bigint();
  const ctx = (): NemesisContext => ({
    deployment: dep(),
    record: (op) => void ops.push(op),
    now: () => Number(process.hrtime.bigint() - t0),
    log: () => undefined,
    options: {},
  });

  before(async function () {
    await dockerOrSkip(this);
    d = await startDeployment({
      topology: 'sentinel',
      replicas: 2,
      zones: 3,
      runId: `nemesis-sentinel-${randomBytes(3).toString('hex')}`,
    });
  });

  after(async () => {
    await d?.dispose();
  });

  it('failover through the driver: a sentinel promotes a replica, recorded with from and to', async () => {
    const before = (await dep().currentPrimary())?.name;
    assert.ok(before !== undefined);
    const driver = createNemesisDriver({
      deployment: dep(),
      schedule: explicitSchedule([{ at: 0, fault: 'failover' }], 5, 0),
      record: (op) => void ops.push(op),
      log: () => undefined,
    });
    await driver.setup();
    const faults = await driver.run();
    assert.equal(faults.length, 1);
    assert.equal(faults[0]?.verified, true, faults[0]?.description);
    assert.equal(faults[0]?.end, undefined);
    const info = ops.find((o) => o.type === 'info' && o.f === 'failover');
    const value = info?.value as { from: string; to: string; verified: boolean };
    assert.equal(value.from, before);
    assert.notEqual(value.to, before);
    assert.equal((await dep().currentPrimary())?.name, value.to);
    await driver.healAll();
    await driver.teardown();
  });

  it('primary-with-clients cuts the primary from the sentinel majority, which elects another', async () => {
    const p = faultKind('partition').create();
    await p.setup(ctx());
    const old = (await dep().currentPrimary())?.name;
    const fault = await p.start('primary-with-clients', createRandom(2), ctx());
    try {
      assert.equal(fault.verified, true, fault.problem);
      assert.equal((fault.value['groups'] as string[][])[0]?.[0], old);
      const promoted = await waitFor(
        async () => {
          const now = (await dep().currentPrimary())?.name;
          return now !== undefined && now !== old;
        },
        30_000,
        250,
      );
      assert.ok(promoted, `the majority side never elected a new primary (old ${old ?? '?'})`);
    } finally {
      const stopped = await p.stop(fault, ctx());
      assert.equal(stopped.verified, true, stopped.problem);
      await p.healAll(ctx());
      await p.teardown(ctx());
    }
    for (const n of dep().nodes) assert.deepEqual(await listRules(n), []);
  });
});
