import assert from 'node:assert/strict';
import { after, before, describe, it } from 'mocha';
import { Redis } from 'ioredis';
import { faultKind, type NemesisContext } from '../../nemesis/index.js';
import { PROBE_KEY } from '../../nemesis/diskFull.js';
import { waitFor } from '../../nemesis/waitFor.js';
import type { Deployment } from '../../src/cluster/index.js';
import { createRandom } from '../../src/common/random.js';
import { checkNoLeftovers } from '../support/leftovers.js';
import { nemesisContext } from '../support/nemesisContext.js';
import { nodeNamed as node, useDeployment } from '../support/useDeployment.js';

const contextFor = (d: Deployment, logs: string[]): NemesisContext =>
  nemesisContext(d, { diskFullSize: '32m' }, { logs });

/** 2 KB values: a few writes overflow the slack of the AOF file's last page. */
const value = (i: number): string => `${i}:`.padEnd(2048, 'v');

describe('@docker disk-full (aof-everysec, standalone)', function () {
  this.timeout(180_000);
  checkNoLeftovers();
  const dep = useDeployment('diskfull-test', {
    topology: 'standalone',
    persistence: 'aof-everysec',
    dataDirSize: '32m',
  });
  let redis: Redis | undefined;
  const client = (): Redis => redis ?? assert.fail('no client');

  before(async () => {
    redis = new Redis({
      host: node(dep(), 'n1').ip,
      port: dep().redisPort,
      maxRetriesPerRequest: 0,
      enableOfflineQueue: false,
      lazyConnect: true,
    });
    redis.on('error', () => undefined); // refused connects while the node restarts
    await redis.connect();
  });

  after(() => {
    redis?.disconnect();
  });

  it('refuses writes while the disk is full, loses no acknowledged write, takes writes after the heal', async () => {
    const logs: string[] = [];
    const ctx = contextFor(dep(), logs);
    const n1 = node(dep(), 'n1');
    const nemesis = faultKind('disk-full').create();
    await nemesis.setup(ctx);
    const acked: number[] = [];
    const refusals: string[] = [];
    const write = async (i: number): Promise<void> => {
      try {
        assert.equal(await client().set(`df:${i}`, value(i)), 'OK');
        acked.push(i);
      } catch (e) {
        refusals.push(String(e));
      }
    };
    for (let i = 0; i < 200; i++) await write(i);
    assert.equal(acked.length, 200, `before the fault: ${refusals.join('; ')}`);

    const fault = await nemesis.start('primary', createRandom(1), ctx);
    assert.equal(fault.verified, true, fault.problem);
    assert.deepEqual(fault.nodes, ['n1']);
    assert.ok(Number(fault.value['availableBytes']) < 64 * 1024, fault.description);
    assert.equal(fault.value['refused'], true, fault.description);
    assert.match(String(fault.value['answer']), /MISCONF.*No space left on device/);
    // statfs through the helper's view of the node (df would name the helper's own mount).
    const df = await n1.exec(['stat', '-f', '-c', '%a %S', '/proc/1/root/data']);
    const [blocks = NaN, blockSize = NaN] = df.stdout.trim().split(' ').map(Number);
    assert.ok(blocks * blockSize < 64 * 1024, df.stdout);

    // While full: a client's write is refused with the error Redis gives.
    await assert.rejects(client().set('df:refused', value(-1)), /MISCONF.*No space left on device/);
    const during = acked.length;
    for (let i = 200; i < 260; i++) await write(i);
    assert.equal(acked.length, during, 'a write was acknowledged while the disk was full');

    const stopped = await nemesis.stop(fault, ctx);
    assert.equal(stopped.verified, true, stopped.problem);
    assert.equal(stopped.value['writable'], true);
    assert.ok(Number(stopped.value['availableBytes']) > 1024 * 1024);

    for (let i = 260; i < 300; i++) await write(i);
    assert.ok(acked.includes(299), `after the heal: ${refusals.slice(-1).join('')}`);
    assert.equal(await client().exists(PROBE_KEY), 0, 'the probe key was left');

    // Every acknowledged write is in the AOF: a crash (the page cache survives) keeps them all.
    await n1.signal('redis', 'KILL');
    assert.ok(await waitFor(async () => (await n1.status('redis')) === 'down', 5000));
    await n1.start('redis');
    assert.ok(
      await waitFor(async () => {
        try {
          return (await client().ping()) === 'PONG';
        } catch {
          return false;
        }
      }, 15000),
      'redis-server did not come back',
    );
    const stored = await client().mget(acked.map((i) => `df:${i}`));
    const lost = acked.filter((i, k) => stored[k] !== value(i));
    assert.deepEqual(lost, [], `acknowledged writes lost: ${lost.length} of ${acked.length}`);
    assert.equal(await client().exists('df:refused'), 0, 'a refused write was applied');

    await nemesis.healAll(ctx);
    const ls = await n1.exec(['ls', '/proc/1/root/data']);
    assert.doesNotMatch(ls.stdout, /redcheck-disk-full/);
    await nemesis.teardown(ctx);
  });
});

describe('@docker disk-full refuses a data directory that is not a tmpfs', function () {
  this.timeout(120_000);
  checkNoLeftovers();
  const dep = useDeployment('diskfull-guard', { topology: 'standalone' });

  it('setup throws E_BAD_DEPLOYMENT before filling anything (it would fill the host disk)', async () => {
    const nemesis = faultKind('disk-full').create();
    await assert.rejects(
      nemesis.setup(contextFor(dep(), [])),
      (e: unknown) =>
        e instanceof Error &&
        'code' in e &&
        e.code === 'E_BAD_DEPLOYMENT' &&
        /not a size-limited tmpfs/.test(e.message),
    );
    const ls = await node(dep(), 'n1').exec(['ls', '/proc/1/root/data']);
    assert.doesNotMatch(ls.stdout, /redcheck-disk-full/);
  });
});
