import assert from 'node:assert/strict';
import type Docker from 'dockerode';
import { runDoctor } from '../../src/cluster/doctor.js';
import { PERSISTENCE_PRESETS, startDeployment } from '../../src/cluster/index.js';
import { dockerOrSkip } from '../support/dockerAvailable.js';
import { checkNoLeftovers } from '../support/leftovers.js';

const EXPECTED = {
  none: { appendonly: 'no', save: '' },
  rdb: { appendonly: 'no', save: '5 1' },
  'aof-no': { appendonly: 'yes', appendfsync: 'no', save: '' },
  'aof-everysec': { appendonly: 'yes', appendfsync: 'everysec', save: '' },
  'aof-always': { appendonly: 'yes', appendfsync: 'always', save: '' },
  'rdb+aof': { appendonly: 'yes', appendfsync: 'everysec', save: '5 1' },
} as const;

describe('@docker persistence presets and safety knobs', function () {
  this.timeout(120_000);
  checkNoLeftovers();
  let docker: Docker;

  before(async function () {
    docker = await dockerOrSkip(this);
  });

  it('every preset starts and is in force (CONFIG GET)', async () => {
    await Promise.all(
      PERSISTENCE_PRESETS.map(async (persistence) => {
        const d = await startDeployment({ persistence, cleanupOnSignal: false }, { docker });
        try {
          const n1 = d.nodes[0]!;
          for (const [key, want] of Object.entries(EXPECTED[persistence])) {
            const got = (await n1.cli('redis', ['config', 'get', key])).stdout.split('\n')[1];
            assert.equal(got?.trim(), want, `${persistence}: ${key}`);
          }
        } finally {
          await d.dispose();
        }
      }),
    );
  });

  it('min-replicas-to-write, min-replicas-max-lag and repl-backlog-size are set', async () => {
    const d = await startDeployment(
      {
        topology: 'replication',
        replicas: 1,
        minReplicasToWrite: 1,
        minReplicasMaxLag: 3,
        replBacklogSize: '4mb',
        cleanupOnSignal: false,
      },
      { docker },
    );
    try {
      const get = async (key: string) =>
        (await d.nodes[0]!.cli('redis', ['config', 'get', key])).stdout.split('\n')[1]?.trim();
      assert.equal(await get('min-replicas-to-write'), '1');
      assert.equal(await get('min-replicas-max-lag'), '3');
      assert.equal(await get('repl-backlog-size'), String(4 * 1024 * 1024));
      // With its only replica killed, the primary refuses writes once the lag limit passes.
      await d.nodes[1]!.signal('redis', 'KILL');
      let reply = '';
      for (let i = 0; i < 100 && !reply.startsWith('NOREPLICAS'); i++) {
        reply = (await d.nodes[0]!.cli('redis', ['set', 'k', 'v'])).stdout.trim();
        if (!reply.startsWith('NOREPLICAS')) await new Promise((r) => setTimeout(r, 200));
      }
      assert.match(reply, /^NOREPLICAS/);
    } finally {
      await d.dispose();
    }
  });
});

describe('@docker doctor', function () {
  this.timeout(120_000);
  checkNoLeftovers();

  before(async function () {
    await dockerOrSkip(this);
  });

  it('passes on this machine and says whether netem exists', async () => {
    const checks = await runDoctor('7.0');
    const byName = new Map(checks.map((c) => [c.name, c]));
    assert.equal(byName.get('docker')?.status, 'ok');
    assert.equal(byName.get('image 7.0')?.status, 'ok');
    assert.equal(byName.get('iptables (NET_ADMIN)')?.status, 'ok');
    assert.equal(byName.get('tc tbf')?.status, 'ok');
    const netem = byName.get('tc netem');
    assert.ok(netem && netem.status !== 'fail');
    if (netem.status === 'warn') assert.match(netem.detail, /lacks netem/);
  });
});
