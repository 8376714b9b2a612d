import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'mocha';
import { createMode } from '../../src/client/createMode.js';
import { fixedTarget } from '../../src/client/fixedTarget.js';
import type { RedisCommand } from '../../src/client/redisCommand.js';
import { Session } from '../../src/client/session.js';
import { startDeployment, type Deployment, type Node } from '../../src/cluster/index.js';
import { dockerOrSkip } from '../support/dockerAvailable.js';
import { checkNoLeftovers } from '../support/leftovers.js';

const write = (tag: string, element: string): RedisCommand[] => [
  ['SADD', `{${tag}}:s`, element],
  ['RPUSH', `{${tag}}:l`, element],
];

/** WAITAOF came in Redis 7.2: these run against the 8.0 image (built on demand). */
describe('@docker waitaof mode (Redis 8.0)', function () {
  this.timeout(20 * 60_000);
  checkNoLeftovers();
  let d: Deployment | undefined;
  const dep = (): Deployment => d ?? assert.fail('no deployment');
  const n = (name: string): Node =>
    dep().nodes.find((x) => x.name === name) ?? assert.fail(`no node ${name}`);

  before(async function () {
    await dockerOrSkip(this);
    d = await startDeployment({
      topology: 'replication',
      replicas: 1,
      redis: '8.0',
      persistence: 'aof-everysec',
      runId: `waitaof-test-${randomBytes(3).toString('hex')}`,
    });
  });

  after(async () => {
    await d?.dispose();
  });

  function session(): Session {
    const zone = dep().zones[0];
    return new Session(fixedTarget({ host: n('n1').ip, port: dep().redisPort }), {
      client: 'resp',
      ...(zone === undefined ? {} : { localAddress: zone.ip }),
    });
  }

  it('is ok once the primary and the replica have fsynced the write', async () => {
    await using s = session();
    const mode = createMode('waitaof', {
      waitaofLocal: 1,
      waitaofReplicas: 1,
      waitTimeoutMs: 5000,
    });
    const r = await s.write(mode, write('both', 'e1'));
    assert.equal(r.outcome.type, 'ok', r.outcome.error);
    const onReplica = await n('n2').exec(['redis-cli', 'sismember', '{both}:s', 'e1']);
    assert.equal(onReplica.stdout.trim(), '1');
  });

  it('is info, never fail, when fewer replicas than asked fsync it in time', async () => {
    await using s = session();
    const mode = createMode('waitaof', { waitaofLocal: 1, waitaofReplicas: 2, waitTimeoutMs: 300 });
    const r = await s.write(mode, write('short', 'e1'));
    assert.equal(r.outcome.type, 'info');
    assert.match(r.outcome.error ?? '', /on replicas [01] of 2/);
    const onPrimary = await n('n1').exec(['redis-cli', 'sismember', '{short}:s', 'e1']);
    assert.equal(onPrimary.stdout.trim(), '1', 'applied on the primary all the same');
  });

  it('is info when WAITAOF refuses (numlocal 1 with the AOF turned off)', async () => {
    await n('n1').exec(['redis-cli', 'config', 'set', 'appendonly', 'no']);
    try {
      await using s = session();
      const r = await s.write(createMode('waitaof', { waitaofLocal: 1 }), write('off', 'e1'));
      assert.equal(r.outcome.type, 'info');
      assert.match(r.outcome.error ?? '', /WAITAOF failed/);
    } finally {
      await n('n1').exec(['redis-cli', 'config', 'set', 'appendonly', 'yes']);
    }
  });
});
