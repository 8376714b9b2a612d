import assert from 'node:assert/strict';
import fc from 'fast-check';
import { isRedcheckError } from '../../src/errors.js';
import { addDialRoutes, dialKey, dialTarget } from '../../src/common/dialRoutes.js';
import { relayRules } from '../../src/cluster/swarm/relay.js';
import { takeEngineFlags } from '../../src/cli/run/engineFlags.js';

describe('run --engines: the relays and the routes to them', () => {
  it('dialTarget is the identity without routes, and follows a zone route only from that zone', () => {
    const to = { host: '10.0.5.2', port: 6379, localAddress: '10.0.5.9' };
    assert.deepEqual(dialTarget(to), to);
    const remove = addDialRoutes(
      new Map([
        [dialKey('10.0.5.2', 6379, '10.0.5.9'), { host: '172.23.0.4', port: 32768 }],
        [dialKey('10.0.5.2', 6379), { host: '172.23.0.4', port: 32770 }],
      ]),
    );
    try {
      assert.deepEqual(dialTarget(to), { host: '172.23.0.4', port: 32768 });
      // The host's own connections (no zone) take the host's relay.
      assert.deepEqual(dialTarget({ host: '10.0.5.2', port: 6379 }), {
        host: '172.23.0.4',
        port: 32770,
      });
      // Another zone, another port, another node: no route, the address as given.
      const other = { host: '10.0.5.2', port: 6379, localAddress: '10.0.5.10' };
      assert.deepEqual(dialTarget(other), other);
      assert.deepEqual(dialTarget({ host: '10.0.5.2', port: 26379 }), {
        host: '10.0.5.2',
        port: 26379,
      });
    } finally {
      remove();
    }
    assert.deepEqual(dialTarget(to), to, 'removed routes route nothing');
  });

  it('a relay DNATs one port per node and role and SNATs onto the overlay from its own address', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.ipV4(), { minLength: 1, maxLength: 9 }), (ips) => {
        const rules = relayRules('172.19.0.2', '10.0.5.9', '10.0.5.0/24', ips);
        const lines = rules.trim().split('\n');
        assert.equal(lines[0], '*nat');
        assert.equal(lines.at(-1), 'COMMIT');
        const dnat = lines.filter((l) => l.includes('DNAT'));
        assert.equal(dnat.length, ips.length * 2);
        const ports = dnat.map((l) => Number(/--dport (\d+)/.exec(l)?.[1]));
        assert.equal(new Set(ports).size, ports.length, 'one relay port per target');
        ips.forEach((ip, i) => {
          assert.ok(dnat[2 * i]?.endsWith(`--to-destination ${ip}:6379`));
          assert.ok(dnat[2 * i + 1]?.endsWith(`--to-destination ${ip}:26379`));
        });
        assert.ok(lines.includes('-A POSTROUTING -d 10.0.5.0/24 -j SNAT --to-source 10.0.5.9'));
      }),
      { seed: 24, numRuns: 50 },
    );
  });

  it("takes --engines and --placement out of run's command line; --placement alone or twice is exit 2", () => {
    const none = takeEngineFlags(['--topology', 'sentinel']);
    assert.deepEqual(none, { rest: ['--topology', 'sentinel'] });
    const got = takeEngineFlags([
      '--engines',
      'tcp://10.1.0.1:2375,tcp://10.1.0.2:2375',
      '--time-limit',
      '10',
      '--placement=n1=2',
    ]);
    assert.deepEqual(got.rest, ['--time-limit', '10']);
    assert.deepEqual(
      got.swarm?.engines.map((e) => e.name),
      ['tcp://10.1.0.1:2375', 'tcp://10.1.0.2:2375'],
    );
    assert.equal(got.swarm?.placement?.get('n1'), 'tcp://10.1.0.2:2375');
    for (const [argv, why] of [
      [['--placement', 'n1=1'], /give --engines too/],
      [['--engines', 'local', '--engines', 'local'], /given twice/],
      [['--engines'], /wants a value/],
    ] as const) {
      assert.throws(
        () => takeEngineFlags([...argv]),
        (e: unknown) => isRedcheckError(e) && e.code === 'E_USAGE' && why.test(e.message),
      );
    }
  });
});
