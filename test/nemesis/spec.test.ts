import assert from 'node:assert/strict';
import { describe, it } from 'mocha';
import { RedcheckError } from '../../src/errors.js';
import {
  checkSpecsFor,
  formatFaultChoice,
  formatFaultSpec,
  parseFaultChoices,
  parseFaultSpecs,
  parseNemesisChoices,
  parseNemesisSpec,
} from '../../nemesis/index.js';

function rejects(text: string, code: string, mention: RegExp): void {
  assert.throws(
    () => parseNemesisSpec(text),
    (e: unknown) =>
      e instanceof RedcheckError && e.code === code && mention.test(`${e.message} ${e.fix ?? ''}`),
  );
}

describe('nemesis spec parsing', () => {
  it('parses a comma list with targets and fills defaults', () => {
    const specs = parseNemesisSpec('partition:primary-with-clients,kill:primary,pause,failover');
    assert.deepEqual(specs, [
      { fault: 'partition', target: 'primary-with-clients' },
      { fault: 'kill', target: 'primary' },
      { fault: 'pause', target: 'primary' },
      { fault: 'failover' },
    ]);
    assert.deepEqual(specs.map(formatFaultSpec), [
      'partition:primary-with-clients',
      'kill:primary',
      'pause:primary',
      'failover',
    ]);
  });

  it('accepts node names and random for process faults', () => {
    assert.deepEqual(parseNemesisSpec(' kill:n2 , pause:random '), [
      { fault: 'kill', target: 'n2' },
      { fault: 'pause', target: 'random' },
    ]);
  });

  it('composes faults that hold at once with +, of different kinds', () => {
    const choices = parseNemesisChoices('partition+kill:primary,failover');
    assert.deepEqual(choices, [
      [
        { fault: 'partition', target: 'primary-with-clients' },
        { fault: 'kill', target: 'primary' },
      ],
      [{ fault: 'failover' }],
    ]);
    assert.deepEqual(choices.map(formatFaultChoice), [
      'partition:primary-with-clients+kill:primary',
      'failover',
    ]);
    // Every fault named, for the checks against the deployment.
    assert.deepEqual(parseNemesisSpec('partition+kill:primary').map(formatFaultSpec), [
      'partition:primary-with-clients',
      'kill:primary',
    ]);
    assert.deepEqual(parseFaultChoices(['pause:n2+kill']), [
      [
        { fault: 'pause', target: 'n2' },
        { fault: 'kill', target: 'primary' },
      ],
    ]);
    rejects('kill+kill:n2', 'E_NEMESIS_SPEC', /kill twice/);
    rejects('kill+', 'E_NEMESIS_SPEC', /malformed composed fault/);
    rejects('kill+meteor', 'E_NEMESIS_SPEC', /meteor/);
  });

  it('none is no faults', () => {
    assert.deepEqual(parseNemesisSpec('none'), []);
    assert.deepEqual(parseFaultSpecs([]), []);
  });

  it('rejects an unknown fault, listing the valid ones', () => {
    rejects('partition,explode', 'E_NEMESIS_SPEC', /explode.*partition, kill, pause, failover/);
  });

  it('rejects an unknown target, listing the valid targets of that fault', () => {
    rejects(
      'partition:everything',
      'E_NEMESIS_SPEC',
      /everything.*primary-with-clients, primary-with-one-replica, majority-minority, random-halves/,
    );
    rejects('kill:n0', 'E_NEMESIS_SPEC', /n0.*primary, random, shard-primary, a node name/);
    rejects('failover:n1', 'E_NEMESIS_SPEC', /targets of failover: shard/);
    rejects('kill:', 'E_NEMESIS_SPEC', /kill/);
  });

  it('rejects empty items and none mixed with faults', () => {
    rejects('', 'E_NEMESIS_SPEC', /none/);
    rejects('kill,,pause', 'E_NEMESIS_SPEC', /empty/);
    rejects('none,kill', 'E_NEMESIS_SPEC', /none/);
  });

  it('checks specs against the topology and node count', () => {
    const topo = (t: 'standalone' | 'replication' | 'sentinel', n: number) => ({
      topology: t,
      nodeCount: n,
    });
    checkSpecsFor(parseNemesisSpec('kill,pause:n1'), topo('standalone', 1));
    checkSpecsFor(parseNemesisSpec('partition:majority-minority,failover'), topo('sentinel', 3));
    const bad: [string, ReturnType<typeof topo>, RegExp][] = [
      ['failover', topo('replication', 3), /sentinel/],
      ['partition', topo('standalone', 1), /replication or sentinel/],
      ['partition:primary-with-one-replica', topo('replication', 2), /at least 3 nodes/],
      ['kill:n4', topo('sentinel', 3), /at least 4 nodes/],
    ];
    for (const [text, deployment, mention] of bad) {
      assert.throws(
        () => checkSpecsFor(parseNemesisSpec(text), deployment),
        (e: unknown) =>
          e instanceof RedcheckError &&
          e.code === 'E_NEMESIS_TOPOLOGY' &&
          mention.test(`${e.message} ${e.fix ?? ''}`),
        text,
      );
    }
  });
});
