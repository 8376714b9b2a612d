import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'mocha';
import { checkerResult, readStoredRun } from '../../src/store/index.js';
import { useDockerScratch } from '../support/dockerScratch.js';
import { checkNoLeftovers } from '../support/leftovers.js';

const BIN = join(import.meta.dirname, '..', '..', 'bin', 'redcheck.js');

function redcheck(
  args: string[],
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (b: Buffer) => (stdout += b.toString()));
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

interface SweepJson {
  exitCode: number;
  page: string | null;
  runs: { setting: string; exitCode: number; runDir?: string }[];
}

describe('@docker redcheck run --persistence none,aof-always (a 2-value sweep)', function () {
  this.timeout(180_000);
  checkNoLeftovers();
  const scratch = useDockerScratch('redcheck-sweep-docker-');

  it('stores both runs with one seed and one page whose lost counts are their results.json', async () => {
    const r = await redcheck([
      'run',
      '--topology',
      'standalone',
      '--persistence',
      'none,aof-always',
      '--nemesis',
      'power-loss:primary',
      '--nemesis-interval',
      '1s',
      '--time-limit',
      '3s',
      '--store',
      scratch.dir,
      '--json',
    ]);
    const out = JSON.parse(r.stdout) as SweepJson;
    assert.equal(out.runs.length, 2, r.stderr.slice(-2000));
    assert.deepEqual(
      out.runs.map((x) => x.setting),
      ['persistence none', 'persistence aof-always'],
    );
    const stored = out.runs.map((x) =>
      readStoredRun(x.runDir ?? assert.fail(`no run: ${x.setting}`)),
    );
    assert.equal(stored[0]?.results.seed, stored[1]?.results.seed, 'one seed for the sweep');
    assert.deepEqual(
      stored.map((s) => s.results.scenario.persistence),
      ['none', 'aof-always'],
    );
    // The exit is the worst of the runs': none loses everything a power loss takes.
    const codes = out.runs.map((x) => x.exitCode);
    assert.equal(r.code, codes.includes(1) ? 1 : Math.max(...codes));
    assert.equal(out.exitCode, r.code);
    const page = out.page ?? assert.fail('no comparison page');
    assert.ok(existsSync(page));
    const html = readFileSync(page, 'utf8');
    for (const [i, s] of stored.entries()) {
      const set = checkerResult(s.results, 'set') ?? assert.fail('no set result');
      const cell = new RegExp(`data-run="${i}"\\s+data-metric="lost"\\s*>\\s*([^<]*)<`).exec(html);
      assert.equal(cell?.[1]?.trim(), set.lost.toLocaleString('en-US'), `run ${i} lost`);
    }
    // aof-always keeps every acknowledged write through the power loss.
    assert.equal(checkerResult(stored[1]!.results, 'set')?.lost, 0);
  });
});
