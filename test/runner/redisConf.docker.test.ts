import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import type Docker from 'dockerode';
import { cleanupLeftovers } from '../../src/cluster/cleanupLeftovers.js';
import { hostCommands } from '../../src/cluster/hostRedis.js';
import { REDIS_PORT } from '../../src/cluster/redisConfig.js';
import { startDeployment } from '../../src/cluster/startDeployment.js';
import { runScenario } from '../../src/runner/runScenario.js';
import { resolveScenario } from '../../src/runner/scenario.js';
import { dockerOrSkip } from '../support/dockerAvailable.js';
import { nemesisContext } from '../support/nemesisContext.js';
import { migrateNemesis } from '../../nemesis/migrate.js';
import { createRandom } from '../../src/common/random.js';
import { hashSlot } from '../../src/common/slots.js';

/** Every file under `dir`, as text (gzipped ones unpacked). */
function filesUnder(dir: string): { path: string; text: string }[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return filesUnder(path);
    const raw = readFileSync(path);
    return [{ path, text: (name.endsWith('.gz') ? gunzipSync(raw) : raw).toString('utf8') }];
  });
}

describe('run --redis-conf @docker', function () {
  this.timeout(300_000);
  let docker: Docker;
  let dir: string;
  const runIds: string[] = [];

  before(async function () {
    docker = await dockerOrSkip(this);
    dir = mkdtempSync(join(tmpdir(), 'redcheck-redis-conf-'));
  });
  after(async () => {
    for (const runId of runIds) await cleanupLeftovers(docker, { runId, all: true });
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('the default preset with bind, save, maxmemory and requirepass: overrides listed, maxmemory and the password kept and used, never shown', async () => {
    const conf = join(dir, 'redis.conf');
    writeFileSync(
      conf,
      '# production\nbind 127.0.0.1\nsave 60 1000\nmaxmemory 100mb\nrequirepass s3cret\n',
    );
    const logged: string[] = [];
    const store = join(dir, 'store');
    const r = await runScenario({
      // the default scenario (sentinel, set, partition:primary-with-clients), shortened
      scenario: resolveScenario({
        timeLimit: '8s',
        nemesisInterval: '3s',
        seed: 1,
        store,
        redisConf: conf,
        keep: true,
      }),
      progress: null,
      log: (line) => logged.push(line),
    });
    runIds.push(r.results.run);
    assert.equal(r.results.error, undefined, JSON.stringify(r.results.error));
    assert.ok(r.exitCode === 0 || r.exitCode === 1, `exit ${r.exitCode}`);
    // the partition happened and took effect (its checks run redis-cli in the helpers)
    assert.ok(r.results.faults.length > 0, 'no fault ran');
    assert.ok(
      r.results.faults.every((f) => f.verified !== false),
      JSON.stringify(r.results.faults),
    );
    assert.notEqual(r.results.valid, 'unknown');
    assert.equal(r.results.redisConf?.file, conf);
    assert.equal(r.results.redisConf?.authUser, 'default', 'that a password was set is recorded');
    const overrides = r.results.redisConf?.overrides ?? [];
    assert.deepEqual(
      overrides.map((o) => [o.directive, o.file, o.used]),
      [
        ['bind', 'bind 127.0.0.1', 'bind 0.0.0.0'],
        ['save', 'save 60 1000', 'save ""'],
      ],
    );
    assert.match(overrides[0]?.why ?? '', /replicas/);
    assert.match(overrides[1]?.why ?? '', /--persistence none/);
    const nodes = r.results.deployment?.nodes ?? [];
    assert.equal(nodes.length, 3);
    for (const node of nodes) {
      const at = { host: node.ip, port: REDIS_PORT };
      const [noauth] = await hostCommands(at, [['CONFIG', 'GET', 'maxmemory']]);
      assert.match(noauth?.error?.message ?? '', /^NOAUTH/, `${node.name} without the password`);
      const [maxmemory, save, info] = await hostCommands({ ...at, auth: { password: 's3cret' } }, [
        ['CONFIG', 'GET', 'maxmemory'],
        ['CONFIG', 'GET', 'save'],
        ['INFO', 'replication'],
      ]);
      assert.deepEqual(maxmemory?.value, ['maxmemory', String(100 * 1024 * 1024)]);
      assert.deepEqual(save?.value, ['save', '']);
      const role = /role:(\w+)/.exec(String(info?.value))?.[1];
      if (role === 'slave') assert.match(String(info?.value), /master_link_status:up/);
    }
    // The password is in no file of the run, no line redcheck printed, not the re-run command.
    const files = filesUnder(join(store, r.results.run));
    assert.ok(files.some((f) => f.path.endsWith('results.json')));
    assert.ok(files.some((f) => f.path.endsWith('.html')));
    for (const f of files) assert.ok(!f.text.includes('s3cret'), `the password is in ${f.path}`);
    assert.ok(!logged.some((l) => l.includes('s3cret')), 'the password was printed');
    assert.match(r.results.command ?? '', /--redis-conf/);
  });

  it('a server that refuses a password line: exit 2 with its output, the password redacted', async () => {
    const runId = `conf-refused-${Date.now()}`;
    runIds.push(runId);
    await assert.rejects(
      startDeployment({
        topology: 'standalone',
        runId,
        zones: 0,
        redisConf: ['requirepass s3cret-boot too-many-words'],
      }),
      (e: Error & { code?: string }) =>
        e.code === 'E_REDIS_START' &&
        e.message.includes('requirepass (redacted) too-many-words') &&
        !e.message.includes('s3cret-boot'),
    );
  });

  it('cluster with an ACL user (masteruser): formed, replicas linked with masterauth, the helper authenticates as that user', async () => {
    const d = await startDeployment({
      topology: 'cluster',
      shards: 3,
      replicas: 1,
      zones: 1,
      redisConf: [
        'user default off',
        'user repl on >r-pw ~* &* +@all',
        'masteruser repl',
        'masterauth r-pw',
      ],
    });
    runIds.push(d.runId);
    try {
      const replicas = d.layout?.flatMap((s) => s.nodes.slice(1)) ?? [];
      assert.equal(replicas.length, 3);
      for (const node of d.nodes) {
        const who = await node.cli('redis', ['acl', 'whoami']);
        assert.equal(who.stdout.trim(), 'repl', `${node.name}: ${who.stderr}`);
        const [info] = await hostCommands(node.endpoint('redis'), [['INFO', 'replication']]);
        if (replicas.includes(node.name)) {
          assert.match(String(info?.value), /master_link_status:up/, node.name);
        }
        const [noauth] = await hostCommands({ host: node.ip, port: REDIS_PORT }, [['PING']]);
        assert.match(noauth?.error?.message ?? '', /^NOAUTH/);
      }
      // Live resharding with a password: MIGRATE authenticates (AUTH2 repl, from the exec's env).
      const view = await d.clusterView();
      const shard = view.shards[0];
      const primary = d.nodes.find((n) => n.name === shard?.primary);
      const [from, to] = shard?.slots[0] ?? [0, 0];
      const keys = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'].filter((k) => {
        const slot = hashSlot(k);
        return slot >= from && slot <= to;
      });
      assert.ok(primary && keys.length > 0, 'keys on the first shard');
      const set = await hostCommands(
        primary.endpoint('redis'),
        keys.map((k) => ['SET', k, 'v']),
      );
      assert.ok(
        set.every((r) => r.value === 'OK'),
        JSON.stringify(set),
      );
      const slot = hashSlot(keys[0] ?? '');
      const fault = await migrateNemesis().start(
        undefined,
        createRandom(1),
        nemesisContext(d, { migrateSlots: `${slot}-${slot}` }),
      );
      assert.equal(fault.verified, true, fault.problem);
      assert.ok(Number((fault.value as { keys: number }).keys) >= 1, JSON.stringify(fault.value));
    } finally {
      await d.dispose();
    }
  });
});
