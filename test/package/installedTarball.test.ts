import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { COMMANDS } from '../../src/cli/commands/index.js';

// The package as a user of the npm registry gets it: `npm pack` (which builds dist/ first,
// through `prepack`), `npm install <tarball>` into an empty folder, and the CLI run from
// there, where no source file, no tsx and no dev dependency can stand in for what the
// tarball lacks.

const ROOT = join(import.meta.dirname, '..', '..');

interface Ran {
  code: number;
  stdout: string;
  stderr: string;
}

/** The environment of this process without what `npm test` adds about this package. */
function childEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const k of Object.keys(env)) {
    if (k.startsWith('npm_package_') || k.startsWith('npm_lifecycle_')) delete env[k];
  }
  return env;
}

function run(cmd: string, args: readonly string[], cwd: string, timeout: number): Promise<Ran> {
  return new Promise((resolve) => {
    execFile(
      cmd,
      args,
      { cwd, env: childEnv(), timeout, maxBuffer: 64 * 1024 * 1024, encoding: 'utf8' },
      (err, stdout, stderr) => {
        const code = err ? (typeof err.code === 'number' ? err.code : -1) : 0;
        const why = err && code === -1 ? `${err.message} (signal ${err.signal ?? 'none'})` : '';
        resolve({ code, stdout, stderr: stderr + why });
      },
    );
  });
}

function ok(r: Ran, what: string): Ran {
  assert.equal(r.code, 0, `${what} exited ${r.code}\n${r.stderr}\n${r.stdout}`);
  return r;
}

describe('the installed package (npm pack, npm install <tarball>)', function () {
  // Building dist/ and installing the dependencies take about a minute on a quiet machine,
  // several on a loaded one.
  this.timeout(600_000);
  let dir: string;
  let app: string;
  let tarball: string;
  let listing: string[];
  /** The CLI as npm linked it into the folder (what `npx redcheck` runs, without npm's start-up). */
  const redcheck = (...args: string[]): Promise<Ran> =>
    run(join(app, 'node_modules', '.bin', 'redcheck'), args, app, 120_000);

  before(async function () {
    dir = mkdtempSync(join(tmpdir(), 'redcheck-package-'));
    const packed = join(dir, 'packed');
    app = join(dir, 'app');
    mkdirSync(packed);
    ok(await run('npm', ['pack', '--pack-destination', packed], ROOT, 400_000), 'npm pack');
    const tgz = readdirSync(packed).filter((f) => f.endsWith('.tgz'));
    assert.equal(tgz.length, 1, `one tarball in ${packed}: ${tgz.join(', ')}`);
    tarball = join(packed, tgz[0] as string);
    listing = ok(await run('tar', ['-tzf', tarball], dir, 30_000), 'tar -tzf')
      .stdout.split('\n')
      .filter(Boolean);
    // An empty folder of its own (its package.json stops npm looking further up for a project).
    mkdirSync(app);
    writeFileSync(join(app, 'package.json'), '{ "name": "uses-redcheck", "private": true }\n');
    ok(
      await run(
        'npm',
        ['install', '--no-audit', '--no-fund', '--prefer-offline', tarball],
        app,
        300_000,
      ),
      'npm install <tarball>',
    );
  });

  after(() => {
    if (dir) rmSync(dir, { recursive: true, force: true, maxRetries: 5 });
  });

  it('holds what a user runs and no test, benchmark or TypeScript source', () => {
    for (const f of [
      'package/package.json',
      'package/bin/redcheck.js',
      'package/dist/src/cli/main.js',
      'package/dist/src/index.d.ts',
      'package/reports/assets/run.js',
      'package/docker/Dockerfile',
      'package/docker/fsync-tracker.c',
      'package/examples/cas-register-ok.jsonl',
      'package/docs/architecture.md',
      'package/README.md',
      'package/LICENSE',
    ]) {
      assert.ok(listing.includes(f), `${f} is in the tarball`);
    }
    assert.ok(
      listing.some((f) => f.startsWith('package/scenarios/')),
      'the scenarios ship',
    );
    const unwanted = listing.filter(
      (f) =>
        /^package\/(test|bench|src|nemesis|workloads|scripts|\.github)\//.test(f) ||
        /\.test\.[cm]?[jt]s$/.test(f) ||
        (/\.ts$/.test(f) && !/\.d\.ts$/.test(f)) ||
        /\.map$/.test(f),
    );
    assert.deepEqual(unwanted, [], 'no test, benchmark, source or source map in the tarball');
  });

  it('runs `npx redcheck --help` and lists every command of the registry', async () => {
    const r = ok(await run('npx', ['--no-install', 'redcheck', '--help'], app, 120_000), 'npx');
    assert.match(r.stdout, /^usage: redcheck <command>/m);
    for (const c of COMMANDS) assert.match(r.stdout, new RegExp(`^  ${c.name} +\\S`, 'm'));
  });

  it("runs every command's --help", async () => {
    for (const c of COMMANDS) {
      const r = ok(await redcheck(c.name, '--help'), `redcheck ${c.name} --help`);
      assert.match(r.stdout, new RegExp(`^usage: redcheck ${c.name}\\b`), `${c.name} --help`);
      assert.doesNotMatch(r.stderr, /Cannot find (package|module)/);
    }
  });

  it('checks the shipped examples and writes their report page', async () => {
    const examples = join(app, 'node_modules', 'redcheck', 'examples');
    const good = join(examples, 'cas-register-ok.jsonl');
    const bad = join(examples, 'cas-register-bad.jsonl');
    const r1 = ok(await redcheck('check', good), 'redcheck check <ok example>');
    assert.match(r1.stdout, /cas-register-ok\.jsonl: linearizable \(model cas-register/);

    const page = join(app, 'check.html');
    const r2 = await redcheck('check', good, bad, '--report', page);
    assert.equal(r2.code, 1, `a non-linearizable history exits 1\n${r2.stderr}`);
    assert.match(r2.stdout, /cas-register-ok\.jsonl: linearizable/);
    assert.match(r2.stdout, /cas-register-bad\.jsonl: NOT linearizable/);
    assert.ok(existsSync(page), 'the report page is written');
    const html = readFileSync(page, 'utf8');
    assert.match(html, /uPlot \(MIT licence\)/, 'the page inlines uPlot from the dependency');
    assert.match(html, /cas-register-bad\.jsonl/);

    const r3 = await redcheck('no-such-command');
    assert.equal(r3.code, 2, 'an unknown command exits 2');
    assert.match(r3.stderr, /unknown command "no-such-command"/);
  });
});
