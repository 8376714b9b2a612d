import assert from 'node:assert/strict';
import { describe, it } from 'mocha';
import { Redis } from 'ioredis';
import {
  checkFullMesh,
  faultKind,
  listRules,
  reachFromNode,
  reachFromZone,
  type NemesisContext,
} from '../../nemesis/index.js';
import { LOSS_CHAIN, lossCounters } from '../../nemesis/packetLoss.js';
import { replicationLag } from '../../nemesis/slowLink.js';
import type { CutFile } from '../../nemesis/powerLoss.js';
import { bareImageName } from '../../src/cluster/bareImage.js';
import { containerExec } from '../../src/cluster/containerExec.js';
import { imageDoctor } from '../../src/cluster/imageDoctor.js';
import { connectDocker, type Deployment, type Node } from '../../src/cluster/index.js';
import { createRandom } from '../../src/common/random.js';
import { checkNoLeftovers } from '../support/leftovers.js';
import { nemesisContext } from '../support/nemesisContext.js';
import {
  checkKillKeepsData,
  checkPauseStopsAnswers,
  redisCli,
} from '../support/processFaultChecks.js';
import { nodeNamed as node, useDeployment } from '../support/useDeployment.js';

/**
 * Every fault kind against an image that holds nothing but redis-server and its libraries
 * (`redcheck image build --bare`): no shell, no CLI, no iptables, no tc, no coreutils. Each
 * fault acts from outside the node (its helper, its init) and is verified as the same fault
 * is against redcheck's own image: the cut nodes cannot reach each other, the process is gone
 * or stopped, the link is shaped, the packets are dropped, the unsynced bytes are cut.
 */
const BARE = bareImageName('7.0');

const contextFor = (d: Deployment, options: Record<string, number | string> = {}): NemesisContext =>
  nemesisContext(d, options);

async function shaped(n: Node): Promise<boolean> {
  return /qdisc htb/.test((await n.exec(['tc', 'qdisc', 'show'])).stdout);
}

describe('@docker every fault kind on a tool-free image (server binary and libraries only)', function () {
  this.timeout(240_000);
  checkNoLeftovers();
  const dep = useDeployment('tool-free', {
    image: BARE,
    topology: 'replication',
    replicas: 2,
    zones: 3,
    persistence: 'aof-always',
  });

  it('the node image has no shell: nothing can run inside the node itself', async () => {
    const docker = await connectDocker();
    const n1 = node(dep(), 'n1');
    // An exec in the node itself (not its helper) finds no shell: it fails or exits non-zero.
    const inNode = await containerExec(docker, n1.containerId, ['sh', '-c', 'true']).catch(
      (e: unknown) => ({ exitCode: -1, stdout: '', stderr: String(e) }),
    );
    assert.notEqual(inNode.exitCode, 0, 'the node image runs sh');
    const info = await docker.getImage(BARE).inspect();
    assert.ok(info.Size < 40e6, `${BARE} is ${info.Size} bytes`);
    assert.match(await redisCli(n1, 'INFO', 'server'), /redis_version:7\.0/);
  });

  it('doctor --image: the server and its version, every fault kind available; a missing binary or image is named', async () => {
    const docker = await connectDocker();
    const checks = await imageDoctor(docker, BARE);
    const status = Object.fromEntries(checks.map((c) => [c.name, c.status]));
    assert.deepEqual(status, {
      [`image ${BARE}`]: 'ok',
      server: 'ok',
      'network faults': 'ok',
      'process faults': 'ok',
      'power loss': 'ok',
    });
    assert.match(checks.find((c) => c.name === 'server')?.detail ?? '', /^redis 7\.0\.\d+ answers/);
    const noBinary = await imageDoctor(docker, BARE, '/usr/bin/nope');
    const server = noBinary.find((c) => c.name === 'server');
    assert.equal(server?.status, 'fail');
    assert.match(server?.detail ?? '', /no server binary: \/usr\/bin\/nope/);
    assert.match(server?.fix ?? '', /--server-binary/);
    const missing = await imageDoctor(docker, 'redcheck/no-such-image:0');
    assert.deepEqual(
      missing.map((c) => c.status),
      ['fail'],
    );
  });

  it('partition: the cut nodes and zones cannot reach each other, and heal', async () => {
    const ctx = contextFor(dep());
    const p = faultKind('partition').create();
    await p.setup(ctx);
    const fault = await p.start('primary-with-clients', createRandom(1), ctx);
    assert.equal(fault.verified, true, fault.problem);
    const [n1, n2, n3] = ['n1', 'n2', 'n3'].map((n) => node(dep(), n)) as [Node, Node, Node];
    const zone = (name: string): string =>
      dep().zones.find((z) => z.name === name)?.ip ?? assert.fail(`no zone ${name}`);
    const port = dep().redisPort;
    const seen = await Promise.all([
      reachFromNode(n1, n2.ip, port),
      reachFromNode(n3, n1.ip, port),
      reachFromNode(n2, n3.ip, port),
      reachFromZone(zone('c1'), n1.ip, port),
      reachFromZone(zone('c2'), n1.ip, port),
    ]);
    assert.deepEqual(seen, ['dropped', 'dropped', 'open', 'open', 'dropped']);
    const stopped = await p.stop(fault, ctx);
    assert.equal(stopped.verified, true, stopped.problem);
    assert.deepEqual(await listRules(n1), []);
    assert.deepEqual(await checkFullMesh(dep()), []);
    await p.teardown(ctx);
  });

  it('kill: the process is gone, then back with its data', () =>
    checkKillKeepsData(dep(), 'bare:k'));

  it('pause: state T and no answer, then answers again', () => checkPauseStopsAnswers(dep()));

  it('slow link: the primary is shaped and its replicas lag; unshaped after the stop', async () => {
    const ctx = contextFor(dep(), { slowLinkRate: '1mbit' });
    const slow = faultKind('slow-link').create();
    const primary = node(dep(), 'n1');
    const redis = new Redis({ host: primary.ip, port: dep().redisPort, maxRetriesPerRequest: 0 });
    let running = true;
    const writing = (async () => {
      for (let i = 0; running; i++) {
        const p = redis.pipeline();
        for (let k = 0; k < 20; k++) p.set(`slow:${(i * 20 + k) % 2000}`, 'x'.repeat(1024));
        await p.exec().catch(() => undefined);
        await new Promise((r) => setTimeout(r, 10));
      }
    })();
    try {
      const fault = await slow.start('primary', createRandom(1), ctx);
      assert.equal(fault.verified, true, fault.problem);
      assert.ok(await shaped(primary));
      await new Promise((r) => setTimeout(r, 1000));
      assert.ok(((await replicationLag(dep())) ?? 0) > 100_000, 'replicas do not lag');
      const stopped = await slow.stop(fault, ctx);
      assert.equal(stopped.verified, true, stopped.problem);
    } finally {
      running = false;
      await writing;
      redis.disconnect();
    }
    assert.equal(await shaped(primary), false);
  });

  it('packet loss: about the share asked is dropped, none after the stop', async () => {
    const ctx = contextFor(dep(), { packetLoss: 0.5 });
    const loss = faultKind('packet-loss').create();
    await loss.setup(ctx);
    const n3 = node(dep(), 'n3');
    const fault = await loss.start('n3', createRandom(1), ctx);
    assert.equal(fault.verified, true, fault.problem);
    const { seen, dropped } = await lossCounters(n3);
    assert.ok(seen >= 40, `only ${seen} packets seen`);
    assert.ok(dropped / seen > 0.25 && dropped / seen < 0.75, `dropped ${dropped} of ${seen}`);
    const stopped = await loss.stop(fault, ctx);
    assert.equal(stopped.verified, true, stopped.problem);
    assert.deepEqual(await listRules(n3, LOSS_CHAIN), []);
    await loss.teardown(ctx);
  });

  it('power loss: the server is killed and its unsynced bytes cut; it restarts on what was synced', async () => {
    const ctx = contextFor(dep(), { restartDelay: 0 });
    const pl = faultKind('power-loss').create();
    await pl.setup(ctx);
    const n1 = node(dep(), 'n1');
    assert.equal(await redisCli(n1, 'SET', 'bare:durable', 'yes'), 'OK');
    // A file written in the node's data directory and never fsynced: all of it is dropped.
    await n1.exec(['sh', '-c', 'head -c 5000 /dev/zero > /proc/1/root/data/unsynced']);
    const fault = await pl.start('n1', createRandom(1), ctx);
    assert.equal(fault.verified, true, fault.problem);
    assert.equal(await n1.status('redis'), 'down');
    const files = (fault.value['files'] as Record<string, CutFile[]>)['n1'] ?? [];
    assert.deepEqual(
      files.find((f) => f.file === '/data/unsynced'),
      { file: '/data/unsynced', size: 5000, synced: null, dropped: 5000 },
    );
    // aof-always: the AOF files were fsynced as written.
    assert.ok(files.some((f) => f.file.startsWith('/data/appendonlydir/') && f.synced !== null));
    const stopped = await pl.stop(fault, ctx);
    assert.equal(stopped.verified, true, stopped.problem);
    assert.equal(await redisCli(n1, 'GET', 'bare:durable'), 'yes');
  });
});
