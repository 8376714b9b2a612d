import assert from 'node:assert/strict';
import { describe, it } from 'mocha';
import { deploymentNeeds } from '../../nemesis/index.js';
import {
  parseDiskFullSize,
  parseProbe,
  parseSpace,
  recovered,
  refusalOf,
  sizeBytes,
} from '../../nemesis/diskFull.js';
import { parseRunArgs } from '../../src/cli/run/parseRunArgs.js';
import { resolveDeploymentOptions } from '../../src/cluster/deploymentOptions.js';
import { isRedcheckError } from '../../src/errors.js';
import { resolveScenario } from '../../src/runner/scenario.js';

describe('disk-full option and probe parsing', () => {
  it('takes tmpfs sizes from 16m to 4g and names a bad one', () => {
    assert.equal(parseDiskFullSize('256m'), '256m');
    assert.equal(parseDiskFullSize(' 1G '), '1g');
    assert.equal(sizeBytes('16m'), 16 * 2 ** 20);
    for (const bad of ['8m', '5g', '256', '256mb', '-1m', 256, '', '0m']) {
      assert.throws(() => parseDiskFullSize(bad), /expected a size from 16m to 4g/, String(bad));
    }
  });

  it('a run with disk-full resolves the size, and a bad --disk-full-size is exit 2 (E_SCENARIO)', () => {
    const { input } = parseRunArgs([
      '--topology',
      'standalone',
      '--nemesis',
      'disk-full:primary',
      '--disk-full-size',
      '64m',
    ]);
    const s = resolveScenario(input);
    assert.equal(s.faultOptions['diskFullSize'], '64m');
    assert.deepEqual(deploymentNeeds(s.faults, s.faultOptions), { dataDirSize: '64m' });
    assert.throws(
      () =>
        resolveScenario(
          parseRunArgs([
            '--nemesis',
            'disk-full',
            '--disk-full-size',
            '10t',
            '--topology',
            'standalone',
          ]).input,
        ),
      (e: unknown) => isRedcheckError(e) && e.code === 'E_SCENARIO' && /10t/.test(e.message),
    );
  });

  it('only a run with disk-full gets a tmpfs data directory', () => {
    const s = resolveScenario({ topology: 'standalone', nemesis: 'kill:primary' });
    assert.deepEqual(deploymentNeeds(s.faults, s.faultOptions), {});
    // A disk-full composed with another fault (`a+b`) still gets it.
    const both = resolveScenario({
      topology: 'standalone',
      nemesis: 'kill:primary+disk-full:primary',
    });
    assert.deepEqual(deploymentNeeds(both.faults, both.faultOptions), { dataDirSize: '256m' });
    assert.equal(resolveDeploymentOptions({}).dataDirSize, null);
    assert.equal(resolveDeploymentOptions({ dataDirSize: '64m' }).dataDirSize, '64m');
    assert.throws(
      () => resolveDeploymentOptions({ dataDirSize: '64 MB' }),
      (e: unknown) => isRedcheckError(e) && e.code === 'E_BAD_DEPLOYMENT',
    );
  });

  it('reads stat -f and the probe output', () => {
    assert.deepEqual(parseSpace('tmpfs 8192 0 4096\n'), {
      fsType: 'tmpfs',
      sizeBytes: 8192 * 4096,
      availableBytes: 0,
    });
    assert.equal(parseSpace('garbage'), undefined);
    const full = parseProbe(
      'role master\nreply MISCONF Errors writing to the AOF file: No space left on device\n' +
        'aof_enabled:1\naof_last_write_status:err\nrdb_last_bgsave_status:ok\naof_delayed_fsync:0\n',
    );
    assert.equal(full.role, 'master');
    assert.equal(
      refusalOf(full),
      'MISCONF Errors writing to the AOF file: No space left on device',
    );
    assert.equal(recovered(full), false);
    // The write that first hits the full disk is acknowledged: not yet a refusal on a primary.
    assert.equal(
      refusalOf(parseProbe('role master\nreply OK\naof_last_write_status:err\n')),
      undefined,
    );
    // A replica is not written to: its persistence status tells.
    const replica = parseProbe('role slave\naof_last_write_status:err\n');
    assert.equal(refusalOf(replica), 'aof_last_write_status:err');
    assert.equal(recovered(replica), false);
    assert.equal(recovered(parseProbe('role slave\naof_last_write_status:ok\n')), true);
    assert.equal(recovered(parseProbe('role master\nreply OK\naof_last_write_status:ok\n')), true);
    assert.equal(
      recovered(parseProbe('role master\nreply ERR x\naof_last_write_status:ok\n')),
      false,
    );
  });
});
