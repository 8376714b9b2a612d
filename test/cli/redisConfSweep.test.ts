import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseRunSweep } from '../../src/cli/run/parseRunSweep.js';
import { resolveSweep, settingLabel } from '../../src/cli/sweep.js';
import { isRedcheckError } from '../../src/errors.js';

describe('redcheck run --redis-conf a.conf,b.conf: a sweep comparing redis.conf files', () => {
  const dir = mkdtempSync(join(tmpdir(), 'redcheck-conf-sweep-'));
  const a = join(dir, 'lru.conf');
  const b = join(dir, 'protected.conf');
  const bad = join(dir, 'bad.conf');
  writeFileSync(a, 'maxmemory 100mb\nmaxmemory-policy allkeys-lru\n');
  writeFileSync(b, 'maxmemory 100mb\nrequirepass s3cret\n');
  writeFileSync(bad, 'rename-command SADD ""\n');

  it('one run per file, on one seed, the file the only difference; labelled by file', () => {
    const { inputs, axes, settings } = parseRunSweep([
      '--topology',
      'standalone',
      '--redis-conf',
      `${a},${b}`,
    ]);
    assert.deepEqual(axes, [{ flag: 'redis-conf', values: [a, b] }]);
    assert.deepEqual(
      inputs.map((i) => i.redisConf),
      [a, b],
    );
    assert.equal(new Set(inputs.map((i) => i.seed)).size, 1);
    const rest = inputs.map(({ redisConf: _f, ...r }) => JSON.stringify(r));
    assert.equal(new Set(rest).size, 1);
    assert.deepEqual(
      resolveSweep(inputs).map((s) => s.redisConf),
      [a, b],
    );
    assert.equal(settingLabel(axes, settings[1] ?? {}), `redis-conf ${b}`);
  });

  it('a file of the list that a run cannot take exits 2 naming it, before any run', () => {
    const { inputs } = parseRunSweep(['--workload', 'set', '--redis-conf', `${a},${bad}`]);
    assert.throws(
      () => resolveSweep(inputs),
      (e: unknown) =>
        isRedcheckError(e) && e.code === 'E_REDIS_CONF' && e.message.includes('bad.conf:1'),
    );
  });
});
