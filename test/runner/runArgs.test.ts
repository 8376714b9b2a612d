import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseRunArgs } from '../../src/cli/run/parseRunArgs.js';
import { isRedcheckError } from '../../src/errors.js';
import { resolveScenario } from '../../src/runner/scenario.js';

describe('redcheck run arguments', () => {
  it('maps flags to scenario fields', () => {
    const { input, json } = parseRunArgs([
      '--topology',
      'replication',
      '--mode',
      'wait',
      '--wait-replicas',
      '1',
      '--nemesis',
      'kill:primary',
      '--time-limit',
      '20s',
      '--seed',
      '42',
      '--keep',
      '--redis-config',
      'hz 50',
      '--redis-config',
      'maxmemory 0',
      '--json',
    ]);
    assert.equal(json, true);
    assert.deepEqual(input, {
      topology: 'replication',
      mode: 'wait',
      waitReplicas: 1,
      nemesis: 'kill:primary',
      timeLimit: '20s',
      seed: 42,
      keep: true,
      redisConfig: ['hz 50', 'maxmemory 0'],
    });
    assert.equal(resolveScenario(input).timeLimitMs, 20_000);
  });

  it('loads --scenario and lets flags override it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'redcheck-args-'));
    try {
      const file = join(dir, 'scenario.json');
      writeFileSync(file, JSON.stringify({ topology: 'standalone', mode: 'lua', tmeLimit: 1 }));
      assert.throws(
        () => parseRunArgs(['--scenario', file]),
        (e: unknown) => isRedcheckError(e) && /tmeLimit/.test(e.message),
      );
      writeFileSync(file, JSON.stringify({ topology: 'standalone', mode: 'lua', seed: 3 }));
      const { input } = parseRunArgs(['--scenario', file, '--mode', 'multi']);
      assert.deepEqual(input, { topology: 'standalone', mode: 'multi', seed: 3 });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("loads an earlier run's resolved scenario.json to the same scenario", () => {
    const dir = mkdtempSync(join(tmpdir(), 'redcheck-args-'));
    try {
      const resolved = resolveScenario({ topology: 'replication', mode: 'wait', seed: 9 });
      const file = join(dir, 'scenario.json');
      writeFileSync(file, JSON.stringify(resolved));
      assert.deepEqual(resolveScenario(parseRunArgs(['--scenario', file]).input), resolved);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('rejects a non-integer count', () => {
    assert.throws(
      () => parseRunArgs(['--concurrency', 'ten']),
      (e: unknown) => isRedcheckError(e) && /--concurrency/.test(e.message),
    );
  });
});
