import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const BIN = join(import.meta.dirname, '..', '..', 'bin', 'redcheck.js');

function run(...args: string[]): { status: number | null; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, 'run', ...args], { encoding: 'utf8' });
  return { status: r.status, stderr: r.stderr };
}

describe('redcheck run: bad input exits 2 with the valid values', () => {
  it('unknown topology', () => {
    const r = run('--topology', 'ring');
    assert.equal(r.status, 2);
    assert.match(r.stderr, /unknown topology "ring"[\s\S]*standalone, replication, sentinel/);
  });
  it('unknown mode', () => {
    const r = run('--mode', 'sync');
    assert.equal(r.status, 2);
    assert.match(r.stderr, /unknown mode "sync"[\s\S]*async, wait, multi, lua/);
  });
  it('unknown nemesis fault and target', () => {
    let r = run('--nemesis', 'flood');
    assert.equal(r.status, 2);
    assert.match(r.stderr, /flood[\s\S]*partition, kill, pause, failover/);
    r = run('--nemesis', 'partition:everyone');
    assert.equal(r.status, 2);
    assert.match(r.stderr, /everyone[\s\S]*primary-with-clients/);
  });
  it('a fault the topology cannot have', () => {
    const r = run('--topology', 'replication', '--nemesis', 'failover');
    assert.equal(r.status, 2);
    assert.match(r.stderr, /failover[\s\S]*sentinel/);
  });
  it('an unknown flag', () => {
    const r = run('--topolgy', 'sentinel');
    assert.equal(r.status, 2);
    assert.match(r.stderr, /topolgy/);
  });
});
