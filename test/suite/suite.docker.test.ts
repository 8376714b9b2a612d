import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { readSuiteResult } from '../../src/suite/index.js';
import { readRunResults } from '../../src/store/index.js';
import { useDockerScratch } from '../support/dockerScratch.js';
import { checkNoLeftovers } from '../support/leftovers.js';

const BIN = join(import.meta.dirname, '..', '..', 'bin', 'redcheck.js');

function cli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (code) => done({ code, stdout, stderr }));
  });
}

describe('redcheck suite @docker', function () {
  this.timeout(600_000);
  checkNoLeftovers();
  const scratch = useDockerScratch('redcheck-suite-docker-');

  it('runs two tiny scenarios against real Redis: seeds printed, each judged, outputs written, exit 0', async () => {
    const claims = join(scratch.dir, 'claims');
    mkdirSync(claims);
    writeFileSync(
      join(claims, 'r1-tiny.json'),
      JSON.stringify({
        claim: { id: 'R1', text: 'replicas copy every acknowledged write' },
        topology: 'replication',
        replicas: 1,
        nemesis: 'none',
        concurrency: 3,
        seed: 11,
        expect: [
          'set.lost == 0 and set.partial == 0',
          'replicaMissing == 0',
          'set.acknowledged > 0',
        ],
      }),
    );
    writeFileSync(
      join(claims, 'standalone-tiny.json'),
      JSON.stringify({ topology: 'standalone', nemesis: 'none', concurrency: 3, seed: 12 }),
    );
    const out = join(scratch.dir, 'out');
    const r = await cli(['suite', claims, '--out', out, '--time-limit', '3s']);
    assert.equal(r.code, 0, r.stderr + r.stdout);
    assert.match(r.stderr, /\[suite\] 1\/2 r1-tiny \[R1\]: seed 11: redcheck run /);
    assert.match(r.stderr, /\[suite\] 2\/2 standalone-tiny: seed 12: /);
    const suite = readSuiteResult(join(out, 'suite.json'));
    assert.deepEqual(
      suite.cases.map((c) => [c.id, c.status]),
      [
        ['r1-tiny', 'confirmed'],
        ['standalone-tiny', 'confirmed'],
      ],
    );
    for (const c of suite.cases) {
      const run = c.runs[0];
      assert.ok(run?.report, c.id);
      const page = resolve(out, run.report);
      assert.ok(existsSync(page), page);
      const results = readRunResults(join(page, '..'));
      assert.equal(results.seed, run.seed);
      assert.equal(c.numbers['set.lost']?.median, 0);
    }
    assert.equal(readFileSync(join(out, 'junit.xml'), 'utf8').match(/<testcase /g)?.length, 2);
    assert.match(readFileSync(join(out, 'summary.md'), 'utf8'), /✅ 2 confirmed/);
    assert.match(readFileSync(join(out, 'suite.html'), 'utf8'), /data-case="r1-tiny"/);
  });
});
