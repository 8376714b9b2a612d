import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { suiteCommand } from '../../src/cli/commands/suite.js';

const exec = promisify(execFile);
const REPO = join(import.meta.dirname, '..', '..');
const WORKFLOW = join(REPO, '.github', 'workflows', 'nightly.yml');
const VALIDATOR = join(REPO, 'node_modules', '.bin', 'action-validator');

async function validates(file: string): Promise<boolean> {
  try {
    await exec(VALIDATOR, [file]);
    return true;
  } catch {
    return false;
  }
}

describe('.github/workflows/nightly.yml', function () {
  this.timeout(60_000);
  const text = readFileSync(WORKFLOW, 'utf8');

  it('passes the workflow linter (npm run lint:workflows), and the linter catches a typo', async () => {
    assert.ok(await validates(WORKFLOW));
    const dir = mkdtempSync(join(tmpdir(), 'redcheck-workflow-'));
    try {
      const typo = join(dir, 'typo.yml');
      writeFileSync(typo, text.replace('runs-on: ubuntu-24.04', 'runs-onn: ubuntu-24.04'));
      assert.equal(await validates(typo), false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('runs nightly and by hand; SHARDS equals the shard matrix; every suite flag it passes exists', () => {
    assert.match(text, /^ {2}schedule:\n {4}- cron: /m);
    assert.match(text, /^ {2}workflow_dispatch:/m);
    const shards = Number(/^ {2}SHARDS: (\d+)$/m.exec(text)?.[1]);
    const matrix = /shard: \[([\d, ]+)\]/.exec(text)?.[1]?.split(',').map(Number);
    assert.deepEqual(
      matrix,
      Array.from({ length: shards }, (_, i) => i + 1),
    );
    const flags = [...text.matchAll(/(?<=\s)--([a-z-]+)(?=[\s"])/g)].map((m) => m[1] ?? '');
    const suiteFlags = flags.filter((f) =>
      ['shard', 'repeat', 'redis', 'out', 'baseline'].includes(f),
    );
    assert.ok(suiteFlags.length >= 5);
    for (const f of new Set(suiteFlags)) assert.ok(suiteCommand.usage.includes(`--${f} `), f);
    assert.match(text, /suite merge shards\/suite-shard-\*/);
    assert.match(text, /GITHUB_STEP_SUMMARY/);
  });
});
