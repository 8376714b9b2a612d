import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { exploreCommand } from '../../src/cli/commands/explore.js';
import { runCommand } from '../../src/cli/commands/run.js';
import { readExploreResult } from '../../src/explore/index.js';
import { useDockerScratch } from '../support/dockerScratch.js';
import { checkNoLeftovers } from '../support/leftovers.js';

const MAIN = join(import.meta.dirname, 'exploreMain.ts');

function readJson(file: string): Record<string, unknown> {
  return JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
}

describe('redcheck explore @docker', function () {
  this.timeout(180_000);
  checkNoLeftovers();
  const scratch = useDockerScratch('redcheck-explore-');

  it('runs 2 real trials, writes explore.json, the page, JUnit and scenario files that re-run alone', async () => {
    const out = join(scratch.dir, 'out');
    const code = await exploreCommand.run([
      '--topology',
      'standalone',
      '--property',
      'set.lost == 0 and valid == true',
      '--vary',
      'concurrency',
      '--trials',
      '2',
      '--seed',
      '11',
      '--trial-time',
      '3s',
      '--out',
      out,
    ]);
    const r = readExploreResult(join(out, 'explore.json'));
    assert.equal(code, 0, JSON.stringify(r.candidates));
    assert.equal(r.trialsRun, 2);
    assert.equal(r.runs, 2);
    assert.deepEqual(
      r.candidates.map((c) => c.verdict),
      ['pass', 'pass'],
    );
    for (const c of r.candidates) {
      const run = c.runs[0];
      assert.equal(run?.measured['set.lost'], 0);
      assert.ok(run.report && existsSync(join(out, run.report)), `run page of ${c.id}`);
      assert.ok(c.scenarioFile);
      const trial = readJson(join(out, c.scenarioFile));
      const stored = readJson(join(run.runDir ?? '', 'scenario.json'));
      assert.deepEqual(trial, stored, 'the trial file is the scenario the run made');
      assert.equal(trial.concurrency, c.varied.concurrency);
      assert.match(c.command, /^redcheck run --scenario \S+trial-\d\.json$/);
    }
    const html = readFileSync(join(out, 'explore.html'), 'utf8');
    assert.match(html, /set\.lost == 0 and valid == true/);
    assert.match(html, /absence of a counterexample is not proof/);
    assert.match(html, /data-candidate="trial-1"/);
    const junit = readFileSync(join(out, 'junit.xml'), 'utf8');
    assert.equal(junit.match(/<testcase /g)?.length, 2);
    assert.ok(!existsSync(join(out, 'minimal.json')));

    // A trial re-runs alone from its scenario file, with the same seed and settings.
    const first = r.candidates[0];
    assert.ok(first?.scenarioFile);
    const again = await runCommand.run(['--scenario', join(out, first.scenarioFile)]);
    assert.equal(again, 0);
    const rerun = readJson(join(out, 'runs', 'latest', 'scenario.json'));
    assert.deepEqual(rerun, readJson(join(out, first.scenarioFile)));
  });

  it('leaves nothing behind when interrupted mid-trial (explore.json says so)', async () => {
    const out = join(scratch.dir, 'sigint');
    let sent = false;
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        MAIN,
        '--topology',
        'replication',
        '--replicas',
        '1',
        '--property',
        'set.lost == 0',
        '--vary',
        'faults',
        '--trials',
        '3',
        '--trial-time',
        '20s',
        '--out',
        out,
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stderr = '';
    child.stdout.resume();
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
      if (!sent && /\[runner\] \d+ workers/.test(stderr)) {
        sent = true;
        child.kill('SIGINT');
      }
    });
    const code = await new Promise<number | null>((done) => child.on('close', done));
    assert.ok(sent, `never saw the workload start: ${stderr}`);
    // 2 (explore's own: interrupted before an answer) or 130 (128 + SIGINT, as `redcheck
    // run` exits after a Ctrl-C), whichever exit comes first once everything is torn down.
    assert.ok(code === 2 || code === 130, `exit ${code}: ${stderr}`);
    const r = readExploreResult(join(out, 'explore.json'));
    assert.match(r.stopped ?? '', /interrupted/);
    assert.equal(r.runs, 1);
    assert.equal(r.exitCode, 2);
    assert.match(r.candidates[0]?.runs[0]?.interrupted ?? '', /signal/);
  });
});
