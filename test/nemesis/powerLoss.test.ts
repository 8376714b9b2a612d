import assert from 'node:assert/strict';
import { describe, it } from 'mocha';
import { describeCut, parseCut } from '../../nemesis/powerLoss.js';

const file = (name: string, size: number, synced: number | null, dropped: number): string =>
  JSON.stringify({ file: `/data/${name}`, size, synced, dropped });

describe('power-loss output', () => {
  it('reads the kill time, the kill and each file, and sums what was dropped', () => {
    const out = [
      't 1795805000123456789',
      'killed yes',
      file('appendonlydir/appendonly.aof.1.incr.aof', 5000, 4000, 1000),
      file('dump.rdb', 300, 300, 0),
      file('new.tmp', 20, null, 20),
    ].join('\n');
    const cut = parseCut('n1', 0, `${out}\n`, '');
    assert.equal(cut.killed, true);
    assert.equal(cut.killedAtWallNs, 1795805000123456789n);
    assert.equal(cut.dropped, 1020);
    assert.equal(cut.problem, undefined);
    assert.deepEqual(
      cut.files.map((f) => f.file),
      ['/data/appendonlydir/appendonly.aof.1.incr.aof', '/data/dump.rdb', '/data/new.tmp'],
    );
    assert.equal(
      describeCut(cut),
      'n1 power lost: 1,020 bytes dropped from appendonly.aof.1.incr.aof (1,000 bytes), new.tmp (20 bytes)',
    );
  });

  it('says so when nothing was dropped', () => {
    const cut = parseCut('n2', 0, `t 1\nkilled yes\n${file('dump.rdb', 300, 300, 0)}\n`, '');
    assert.equal(describeCut(cut), 'n2 power lost: nothing dropped (1 files, all fsynced)');
  });

  it('names the problem when the server outlived the kill or the cut failed', () => {
    const alive = parseCut('n1', 3, 't 1\nkilled no\n', '');
    assert.equal(alive.problem, 'redis-server still present after SIGKILL');
    const failed = parseCut('n1', 2, 't 1\nkilled yes\n', 'cannot read /data: gone');
    assert.match(failed.problem ?? '', /redcheck-power-cut exited with 2: cannot read \/data/);
    assert.equal(describeCut(failed), `n1: ${failed.problem ?? ''}`);
  });
});
