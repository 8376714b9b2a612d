import assert from 'node:assert/strict';
import { describe, it } from 'mocha';
import { faultKind, type NemesisContext } from '../../nemesis/index.js';
import type { CutFile } from '../../nemesis/powerLoss.js';
import type { Deployment, Node } from '../../src/cluster/index.js';
import { createRandom } from '../../src/common/random.js';
import { checkNoLeftovers } from '../support/leftovers.js';
import { nemesisContext } from '../support/nemesisContext.js';
import { nodeNamed as node, useDeployment } from '../support/useDeployment.js';

const contextFor = (d: Deployment, logs: string[] = []): NemesisContext =>
  nemesisContext(d, { restartDelay: 0 }, { logs });

async function sh(n: Node, script: string): Promise<string> {
  const r = await n.exec(['sh', '-c', script]);
  assert.equal(r.exitCode, 0, `[${n.name}] ${script}: ${r.stderr}`);
  return r.stdout.trim();
}

/** The node's data directory as its helper (where `exec` runs) sees it. */
const DATA = '/proc/1/root/data';
/** A command run in the helper with the node's fsync tracker preloaded, recording as the server's does. */
const TRACKED =
  'LD_PRELOAD=/redcheck/fsync-tracker.so REDCHECK_FSYNC_DIR=/proc/1/root/run/redcheck/fsync';

function fileIn(files: unknown, path: string): CutFile {
  assert.ok(Array.isArray(files), 'files is a list');
  return (files as CutFile[]).find((f) => f.file === path) ?? assert.fail(`no record of ${path}`);
}

describe('@docker power-loss', function () {
  this.timeout(180_000);
  checkNoLeftovers();
  const dep = useDeployment('power-loss-test', {
    topology: 'replication',
    replicas: 1,
    persistence: 'aof-always',
  });
  const nemesis = faultKind('power-loss').create();

  it('setup finds the fsync tracker loaded in every redis-server', async () => {
    await nemesis.setup(contextFor(dep()));
  });

  it('cuts a file written but not fsynced back to what was fsynced, byte for byte, and restarts the server on what is left', async () => {
    const n1 = node(dep(), 'n1');
    const ctx = contextFor(dep());
    assert.equal(await sh(n1, 'redis-cli set durable yes'), 'OK');
    // 10 KiB fsynced (dd conv=fsync calls fsync), then 3,000 bytes appended with no fsync;
    // a second file never fsynced at all.
    const kept = await sh(
      n1,
      `${TRACKED} dd if=/dev/urandom of=${DATA}/synced bs=1024 count=10 conv=fsync 2>/dev/null && ` +
        `${TRACKED} dd if=/dev/urandom of=${DATA}/synced bs=1000 count=3 oflag=append conv=notrunc 2>/dev/null && ` +
        `${TRACKED} dd if=/dev/urandom of=${DATA}/unsynced bs=1000 count=5 2>/dev/null && ` +
        `head -c 10240 ${DATA}/synced | sha256sum`,
    );
    const fault = await nemesis.start('n1', createRandom(1), ctx);
    assert.equal(fault.verified, true, fault.problem);
    assert.equal(await n1.status('redis'), 'down');
    const files = (fault.value['files'] as Record<string, unknown>)['n1'];
    assert.deepEqual(fileIn(files, '/data/synced'), {
      file: '/data/synced',
      size: 13240,
      synced: 10240,
      dropped: 3000,
    });
    assert.deepEqual(fileIn(files, '/data/unsynced'), {
      file: '/data/unsynced',
      size: 5000,
      synced: null,
      dropped: 5000,
    });
    // The AOF directory is in scope; with appendfsync always its files were all synced.
    const aof = (files as CutFile[]).filter((f) => f.file.startsWith('/data/appendonlydir/'));
    assert.ok(aof.length >= 3, `AOF files seen: ${JSON.stringify(files)}`);
    assert.equal((fault.value['dropped'] as Record<string, number>)['n1'], 8000 + sum(aof));
    assert.equal(await sh(n1, `head -c 10240 ${DATA}/synced | sha256sum`), kept);
    assert.equal(await sh(n1, `stat -c %s ${DATA}/synced ${DATA}/unsynced`), '10240\n0');
    assert.match(
      fault.description,
      /n1 power lost: [\d,]+ bytes dropped from .*synced \(3,000 bytes\)/,
    );

    const stop = await nemesis.stop(fault, ctx);
    assert.equal(stop.verified, true, stop.problem);
    assert.equal(await sh(n1, 'redis-cli get durable'), 'yes');
  });

  it('a power loss that drops nothing says so', async () => {
    const ctx = contextFor(dep());
    const fault = await nemesis.start('n1', createRandom(2), ctx);
    assert.equal(fault.verified, true, fault.problem);
    assert.equal(fault.value['nothingDropped'], true, fault.description);
    assert.match(fault.description, /^n1 power lost: nothing dropped \(\d+ files, all fsynced\)$/);
    const stop = await nemesis.stop(fault, ctx);
    assert.equal(stop.verified, true, stop.problem);
  });

  it('power-loss:all takes every node down at once and brings every one back', async () => {
    const ctx = contextFor(dep());
    const fault = await nemesis.start('all', createRandom(3), ctx);
    assert.equal(fault.verified, true, fault.problem);
    assert.deepEqual(fault.nodes, ['n1', 'n2']);
    for (const n of dep().nodes) assert.equal(await n.status('redis'), 'down', n.name);
    const killedAt = fault.value['killedAt'] as Record<string, number>;
    assert.equal(fault.startedAt, Math.min(killedAt['n1'] ?? NaN, killedAt['n2'] ?? NaN));
    const stop = await nemesis.stop(fault, ctx);
    assert.equal(stop.verified, true, stop.problem);
    for (const n of dep().nodes) assert.equal(await sh(n, 'redis-cli ping'), 'PONG');
  });

  it('--restart-delay keeps a node down at least that long', async () => {
    const ctx = { ...contextFor(dep()), options: { restartDelay: 1500 } };
    const fault = await nemesis.start('n2', createRandom(4), ctx);
    const stop = await nemesis.stop(fault, ctx);
    assert.equal(stop.verified, true, stop.problem);
    assert.ok(stop.endedAt - fault.startedAt >= 1500e6, `${stop.endedAt - fault.startedAt} ns`);
  });
});

function sum(files: readonly CutFile[]): number {
  return files.reduce((s, f) => s + f.dropped, 0);
}
