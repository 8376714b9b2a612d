import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'mocha';
import { exploreCommand } from '../../src/cli/commands/explore.js';
import { suiteCommand } from '../../src/cli/commands/suite.js';
import { EXIT, isRedcheckError } from '../../src/errors.js';
import { prepareOutputFolder, writeOutputFolder } from '../../src/common/writeOutputFolder.js';

const BIN = join(import.meta.dirname, '..', '..', 'bin', 'redcheck.js');

/** `fn` throws the project's user error E_OUTPUT_UNWRITABLE whose message matches `message`. */
function refuses(fn: () => unknown, message: RegExp): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(isRedcheckError(e), `not a RedcheckError: ${String(e)}`);
    assert.equal(e.code, 'E_OUTPUT_UNWRITABLE');
    assert.match(e.message, message);
    assert.match(e.fix ?? '', /--out a folder you can write to/);
    return true;
  });
}

describe('the output folder writer', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'redcheck-outdir-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('creates a missing folder (and its parents), writes every file whole and returns their paths', () => {
    const out = join(dir, 'a', 'b');
    const paths = writeOutputFolder(
      out,
      {
        json: { name: 'x.json', content: '{}\n' },
        bytes: { name: 'y.bin', content: new Uint8Array([0, 1, 255]) },
      },
      '--out',
    );
    assert.deepEqual(paths, { json: join(out, 'x.json'), bytes: join(out, 'y.bin') });
    assert.equal(readFileSync(paths.json, 'utf8'), '{}\n');
    assert.deepEqual([...readFileSync(paths.bytes)], [0, 1, 255]);
    // Written again over the old files; no temporary file is left behind.
    writeOutputFolder(out, { json: { name: 'x.json', content: '[]\n' } }, '--out');
    assert.equal(readFileSync(paths.json, 'utf8'), '[]\n');
    assert.deepEqual(readdirSync(out).sort(), ['x.json', 'y.bin']);
  });

  it('refuses a folder that is a file, or under a file, with exit-2 E_OUTPUT_UNWRITABLE', () => {
    const file = join(dir, 'plain');
    writeFileSync(file, 'not a folder');
    refuses(() => prepareOutputFolder(file, '--out'), /--out .*plain: it is a file, not a folder/);
    refuses(
      () => writeOutputFolder(join(file, 'sub'), { a: { name: 'a', content: '' } }, '--out'),
      /plain\/sub: a parent is not a directory/,
    );
    refuses(() => prepareOutputFolder('', '--out'), /the path is empty/);
    assert.equal(readFileSync(file, 'utf8'), 'not a folder');
  });

  it('refuses a folder it cannot create or write, and ends (no endless mkdir on /proc)', () => {
    // Refused even for root: sysfs takes no folders, procfs answers ENOENT (on which Node's
    // recursive mkdir spins for ever).
    refuses(() => prepareOutputFolder('/sys/redcheck-out', '--out'), /permission denied/);
    refuses(() => prepareOutputFolder('/proc/redcheck-out/x', '--out'), /no such directory/);
  });

  it('names the file when one of them cannot be written (a folder in its place)', () => {
    const out = join(dir, 'clash');
    mkdirSync(join(out, 'x.json'), { recursive: true });
    assert.throws(
      () => writeOutputFolder(out, { json: { name: 'x.json', content: '{}' } }, '--out'),
      (e: unknown) =>
        isRedcheckError(e) && e.code === 'E_OUTPUT_UNWRITABLE' && /clash\/x\.json/.test(e.message),
    );
    assert.deepEqual(readdirSync(out), ['x.json']);
  });

  it('run --store on a file exits 2 with the message before any Docker work', function () {
    this.timeout(60_000);
    const file = join(dir, 'out-file');
    writeFileSync(file, '');
    const r = spawnSync(
      process.execPath,
      [BIN, 'run', '--topology', 'standalone', '--store', file, '--seed', '1'],
      { encoding: 'utf8', timeout: 50_000 },
    );
    assert.equal(r.status, EXIT.error, r.stderr);
    assert.match(r.stderr, /cannot write --store .*out-file: it is a file, not a folder/);
    assert.match(r.stderr, /give --store a folder you can write to/);
  });

  it('suite --out and explore --out on a file are refused before any run', async () => {
    const file = join(dir, 'out-file-2');
    writeFileSync(file, '');
    const scenario = join(dir, 'scenario.json');
    writeFileSync(scenario, JSON.stringify({ topology: 'standalone', nemesis: 'none' }));
    const explore = ['--vary', 'persistence', '--property', 'set.lost == 0', '--out', file];
    for (const run of [
      () => suiteCommand.run(['--out', file, scenario]),
      () => exploreCommand.run(explore),
    ]) {
      await assert.rejects(run, (e: unknown) => {
        assert.ok(isRedcheckError(e), String(e));
        assert.equal(e.code, 'E_OUTPUT_UNWRITABLE');
        assert.match(e.message, /cannot write --out .*out-file-2: it is a file, not a folder/);
        return true;
      });
    }
  });
});
