import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const script = join(
  dirname(fileURLToPath(import.meta.url)),
  '..',
  '..',
  'scripts',
  'checkFileLength.mjs',
);

function run(root: string): { status: number | null; out: string } {
  const r = spawnSync(process.execPath, [script, root], { encoding: 'utf8' });
  return { status: r.status, out: r.stdout + r.stderr };
}

describe('scripts/checkFileLength.mjs (part of npm run lint)', () => {
  let root: string;
  const write = (path: string, lines: number, lastNewline = true): void => {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    const body = Array.from({ length: lines }, (_, i) => `const x${i} = ${i};`).join('\n');
    writeFileSync(join(root, path), lastNewline ? `${body}\n` : body);
  };

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'redcheck-length-'));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('fails naming each source file over 400 lines with its length, and only those', () => {
    write('src/long.ts', 401);
    write('src/deep/noNewline.mjs', 401, false);
    write('reports/assets/page.js', 450);
    write('src/exact.ts', 400);
    write('src/types.d.ts', 900);
    write('src/notes.md', 900);
    write('test/big.test.ts', 900);
    write('bench/big.ts', 900);
    write('dist/src/big.js', 900);
    write('node_modules/pkg/big.js', 900);
    write('src/node_modules/pkg/big.js', 900);
    const r = run(root);
    assert.equal(r.status, 1, r.out);
    assert.match(r.out, /3 source file\(s\) over 400 lines/);
    assert.match(r.out, /src\/long\.ts: 401 lines/);
    assert.match(r.out, /src\/deep\/noNewline\.mjs: 401 lines/);
    assert.match(r.out, /reports\/assets\/page\.js: 450 lines/);
    for (const name of ['exact', 'types', 'notes', 'test/', 'bench/', 'dist/', 'node_modules']) {
      assert.ok(!r.out.includes(name), `${name} is not named:\n${r.out}`);
    }
  });

  it('passes when every source file is at most 400 lines', () => {
    write('src/exact.ts', 400);
    write('src/short.js', 3);
    write('test/big.test.ts', 900);
    const r = run(root);
    assert.equal(r.status, 0, r.out);
    assert.match(r.out, /no source file over 400 lines/);
  });
});
