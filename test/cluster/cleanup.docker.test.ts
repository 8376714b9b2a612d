import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import type Docker from 'dockerode';
import { cleanupLeftovers } from '../../src/cluster/cleanupLeftovers.js';
import { startDeployment, type ClientZone } from '../../src/cluster/index.js';
import { dockerOrSkip } from '../support/dockerAvailable.js';
import { checkNoLeftovers, leftovers } from '../support/leftovers.js';

interface Ready {
  runId: string;
  bridge: string;
  zones: ClientZone[];
}

/** Start a deployment in a child process; resolves once it prints READY. */
function startChild(runId: string): Promise<{ child: ChildProcess; ready: Ready }> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'test/cluster/fixtures/startAndHold.ts', 'standalone', runId],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  return new Promise((resolve, reject) => {
    createInterface({ input: child.stdout }).on('line', (line) => {
      if (line.startsWith('READY ')) resolve({ child, ready: JSON.parse(line.slice(6)) as Ready });
    });
    child.once('exit', (code) => reject(new Error(`child exited with ${code} before READY`)));
  });
}

function exitOf(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) =>
    child.once('exit', (code, signal) => resolve(code ?? (signal ? -1 : null))),
  );
}

describe('@docker cleanup', function () {
  this.timeout(120_000);
  checkNoLeftovers();
  let docker: Docker;

  before(async function () {
    docker = await dockerOrSkip(this);
  });

  it('removes what a SIGKILLed run left (containers, network, bridge, zone addresses)', async () => {
    const runId = `crashed-${process.pid}-${Date.now()}`;
    const { child, ready } = await startChild(runId);
    const exited = exitOf(child);
    child.kill('SIGKILL');
    await exited;
    const zones = ready.zones.map((z) => z.ip);
    assert.notDeepEqual(await leftovers(docker, runId, ready.bridge, zones), []);
    const report = await cleanupLeftovers(docker, { runId });
    assert.ok(
      report.removed.some((r) => r.startsWith('container ')),
      report.removed.join('; '),
    );
    assert.ok(
      report.removed.some((r) => r.startsWith('network ')),
      report.removed.join('; '),
    );
    assert.deepEqual(await leftovers(docker, runId, ready.bridge, zones), []);
  });

  it('a run interrupted with SIGINT removes its deployment and exits 130', async () => {
    const runId = `sigint-${process.pid}-${Date.now()}`;
    const { child, ready } = await startChild(runId);
    const exited = exitOf(child);
    child.kill('SIGINT');
    assert.equal(await exited, 130);
    assert.deepEqual(
      await leftovers(
        docker,
        runId,
        ready.bridge,
        ready.zones.map((z) => z.ip),
      ),
      [],
    );
  });

  it('spares a run whose process is alive unless --all', async () => {
    const { child, ready } = await startChild(`live-${process.pid}-${Date.now()}`);
    try {
      const spared = await cleanupLeftovers(docker, { runId: ready.runId });
      assert.deepEqual(spared.removed, []);
      assert.equal(spared.spared.length, 1);
      const forced = await cleanupLeftovers(docker, { runId: ready.runId, all: true });
      assert.ok(forced.removed.length >= 2);
      assert.deepEqual(await leftovers(docker, ready.runId, ready.bridge, []), []);
    } finally {
      child.kill('SIGKILL');
    }
  });

  it("removes this process's own run when asked by run id", async () => {
    const d = await startDeployment({ topology: 'standalone', cleanupOnSignal: false }, { docker });
    // Its helpers are created in the background; a listing taken before they exist misses them.
    await d.settled();
    const report = await cleanupLeftovers(docker, { runId: d.runId });
    assert.ok(report.removed.length >= 2, report.removed.join('; '));
    assert.deepEqual(await leftovers(docker, d.runId, d.network?.bridge, []), []);
    await d.dispose();
  });
});
