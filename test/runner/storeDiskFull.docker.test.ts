import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type Docker from 'dockerode';
import { cleanupLeftovers } from '../../src/cluster/cleanupLeftovers.js';
import { readHistory } from '../../src/history/jsonl.js';
import type { HistoryWarning } from '../../src/history/jsonl.js';
import { dockerOrSkip } from '../support/dockerAvailable.js';

const BIN = join(import.meta.dirname, '..', '..', 'bin', 'redcheck.js');

/**
 * A whole run whose store fills up: the default scenario (Sentinel, partitions every 3 s) with
 * its store on a 300 KiB tmpfs, so the compressed history fills it a few seconds in. The run
 * must stop its workload, heal the fault in flight, tear the deployment down, keep the history
 * it wrote (readable up to its cut) and exit 2 saying the disk is full. Mounting a tmpfs needs
 * root: without it the test is skipped locally and fails under CI.
 */
describe('run: the store fills up while the history is written @docker', function () {
  this.timeout(300_000);
  let docker: Docker;
  let mnt: string | undefined;
  let runId: string | undefined;

  before(async function () {
    docker = await dockerOrSkip(this);
    if (process.getuid?.() !== 0) {
      if (process.env.CI === 'true') throw new Error('mounting a tmpfs store needs root');
      this.skip();
    }
    mnt = mkdtempSync(join(tmpdir(), 'redcheck-full-store-'));
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=300k', 'tmpfs', mnt]);
  });
  after(async () => {
    if (runId !== undefined) await cleanupLeftovers(docker, { runId, all: true });
    if (mnt !== undefined) {
      execFileSync('umount', [mnt]);
      rmSync(mnt, { recursive: true, force: true });
    }
  });

  it('stops the workload, heals, tears down, keeps what was written and exits 2', async () => {
    const store = mnt as string;
    const started = Date.now();
    const args = 'run --time-limit 60s --nemesis-interval 3s --seed 7 --store'.split(' ');
    const child = spawn(process.execPath, [BIN, ...args, store], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    runId = /\[runner\] run (\S+) seed/.exec(out)?.[1];
    assert.ok(runId !== undefined, out);
    assert.equal(code, 2, out);
    assert.match(
      out,
      /cannot write history .*history\.jsonl\.gz: the disk is full; what was written before is kept/,
    );
    assert.match(out, /the history cannot be written: stopping workers, healing, tearing down/);
    // The run ends on the full disk, naming the store folder and the way out (not results.json).
    const last = out.slice(out.lastIndexOf('redcheck run: '));
    const storeDir = store.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    assert.match(
      last,
      new RegExp(`^redcheck run: the disk of the store folder ${storeDir} is full: `),
      out,
    );
    assert.match(
      last,
      /the history of \S+ stopped when it filled \(what was written before is kept\)/,
    );
    assert.match(
      last,
      /fix: free space on that disk .*or pass `--store <dir>` with a folder on another disk/,
    );
    assert.doesNotMatch(last, /cannot write --store/);
    // Stopped well before its 60 s, every fault healed, the deployment removed.
    assert.ok(Date.now() - started < 55_000, `the run took ${Date.now() - started} ms`);
    if (/\[nemesis\] started /.test(out)) assert.match(out, /\[nemesis\] healed all/);
    assert.match(out, new RegExp(`\\[cluster\\] stopped run ${runId}`));
    const left = await docker.listContainers({
      all: true,
      filters: { label: [`redcheck.run=${runId}`] },
    });
    assert.deepEqual(left, [], 'containers of the run are left');
    // What reached the file is kept and reads back up to the cut.
    const dir = join(store, runId);
    assert.ok(readdirSync(dir).includes('history.jsonl.gz'));
    const warnings: HistoryWarning[] = [];
    const ops = await readHistory(join(dir, 'history.jsonl.gz'), {
      onWarning: (w) => warnings.push(w),
    });
    assert.ok(ops.length > 1000, `${ops.length} ops kept`);
    assert.ok(ops.some((o) => o.type === 'ok' && o.f === 'add'));
    assert.ok(warnings.length <= 1, JSON.stringify(warnings));
  });
});
