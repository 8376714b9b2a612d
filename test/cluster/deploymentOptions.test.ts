import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { aptMirror } from '../../src/cluster/aptMirror.js';
import { topAddresses, parseCidr, intToIp } from '../../src/cluster/hostNetwork.js';
import { renderRedisConfig, renderSentinelConfig } from '../../src/cluster/redisConfig.js';
import { bridgeNameFor, connectDocker, resolveDeploymentOptions } from '../../src/cluster/index.js';
import { isRedcheckError } from '../../src/errors.js';

function code(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    return isRedcheckError(e) ? e.code : 'not a RedcheckError';
  }
  return undefined;
}

describe('cluster options', () => {
  it('fills defaults per topology', () => {
    const s = resolveDeploymentOptions();
    assert.equal(s.topology, 'standalone');
    assert.equal(s.replicas, 0);
    assert.equal(s.zones, 1);
    assert.equal(s.image, 'redcheck/redis:7.0');
    const r = resolveDeploymentOptions({ topology: 'sentinel' });
    assert.equal(r.replicas, 2);
    assert.equal(r.quorum, 2);
    assert.equal(r.zones, 3);
    assert.equal(resolveDeploymentOptions({ topology: 'sentinel', replicas: 4 }).quorum, 3);
    assert.equal(resolveDeploymentOptions({ redis: 'valkey-8.1' }).image, 'redcheck/valkey:8.1');
  });

  it('rejects bad values with a stable code', () => {
    assert.equal(
      code(() => resolveDeploymentOptions({ topology: 'ring' as 'standalone' })),
      'E_BAD_DEPLOYMENT',
    );
    assert.equal(
      code(() => resolveDeploymentOptions({ persistence: 'x' as 'rdb' })),
      'E_BAD_DEPLOYMENT',
    );
    assert.equal(
      code(() => resolveDeploymentOptions({ topology: 'replication', replicas: 0 })),
      'E_BAD_DEPLOYMENT',
    );
    assert.equal(
      code(() => resolveDeploymentOptions({ redis: '6.2' as '7.0' })),
      'E_BAD_FLAVOR',
    );
    assert.equal(
      code(() => resolveDeploymentOptions({ runId: 'a b' })),
      'E_BAD_DEPLOYMENT',
    );
    assert.equal(
      code(() => resolveDeploymentOptions({ replBacklogSize: 'lots' })),
      'E_BAD_DEPLOYMENT',
    );
  });

  it('renders persistence presets and safety knobs into redis.conf', () => {
    const o = resolveDeploymentOptions({
      topology: 'replication',
      persistence: 'aof-always',
      minReplicasToWrite: 1,
      minReplicasMaxLag: 5,
      replBacklogSize: '16mb',
    });
    const conf = renderRedisConfig(o, '10.0.0.2');
    for (const line of [
      'appendonly yes',
      'appendfsync always',
      'min-replicas-to-write 1',
      'min-replicas-max-lag 5',
      'repl-backlog-size 16mb',
      'replicaof 10.0.0.2 6379',
    ]) {
      assert.ok(conf.split('\n').includes(line), `missing "${line}" in\n${conf}`);
    }
    assert.ok(!renderRedisConfig(o).includes('replicaof'));
    const s = renderSentinelConfig(resolveDeploymentOptions({ topology: 'sentinel' }), '10.0.0.2');
    assert.match(s, /^sentinel monitor mymaster 10\.0\.0\.2 6379 2$/m);
    assert.match(s, /^sentinel down-after-milliseconds mymaster 2500$/m);
  });

  it('takes client-zone addresses from the top of the subnet', () => {
    assert.deepEqual(topAddresses('172.18.0.0/16', 3), [
      '172.18.255.254',
      '172.18.255.253',
      '172.18.255.252',
    ]);
    assert.deepEqual(topAddresses('192.168.32.0/20', 1), ['192.168.47.254']);
    const { base, prefix } = parseCidr('10.1.2.3/24');
    assert.equal(intToIp(base), '10.1.2.0');
    assert.equal(prefix, 24);
  });

  it('names bridges rc-<8 hex> (fits an interface name)', () => {
    const b = bridgeNameFor('20250101T000000-abcd');
    assert.match(b, /^rc-[0-9a-f]{8}$/);
    assert.ok(b.length <= 15);
    assert.equal(b, bridgeNameFor('20250101T000000-abcd'));
  });

  it('reads the mirror apt uses (deb822 first, security suites skipped)', () => {
    const root = mkdtempSync(join(tmpdir(), 'rc-apt-'));
    mkdirSync(join(root, 'sources.list.d'));
    writeFileSync(
      join(root, 'sources.list.d', 'debian.sources'),
      'Types: deb\nURIs: http://mirror.example/debian-security\nSuites: bookworm-security\n\n' +
        'Types: deb\nURIs: http://mirror.example/debian/\nSuites: bookworm\n',
    );
    assert.equal(aptMirror(root), 'http://mirror.example/debian');
    const legacy = mkdtempSync(join(tmpdir(), 'rc-apt-'));
    writeFileSync(
      join(legacy, 'sources.list'),
      'deb [arch=amd64] http://m.example/debian bookworm main\n',
    );
    assert.equal(aptMirror(legacy), 'http://m.example/debian');
  });

  it('reports an unreachable engine as E_DOCKER_UNREACHABLE with the fix', async () => {
    await assert.rejects(
      connectDocker({ socketPath: '/nonexistent/docker.sock', timeoutMs: 500 }),
      (e) => {
        assert.ok(isRedcheckError(e));
        assert.equal(e.code, 'E_DOCKER_UNREACHABLE');
        assert.match(e.fix ?? '', /docker\.io/);
        return true;
      },
    );
  });
});
