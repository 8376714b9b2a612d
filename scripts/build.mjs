// `npm run build`: compiles to dist/ and stamps the build with the time it started, so the
// launcher (bin/redcheck.js) uses dist/ only while no source file is newer than that.
// `--clean` (what `npm pack` runs, as `prepack`) empties dist/ first, so a packed tarball holds
// no module left over from a source file since removed or renamed.
import { spawnSync } from 'node:child_process';
import process from 'node:process';
import { mkdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const stamp = join(root, 'dist', '.built');
const started = new Date();
if (process.argv.includes('--clean')) rmSync(join(root, 'dist'), { recursive: true, force: true });
rmSync(stamp, { force: true });
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const r = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], {
  cwd: root,
  stdio: 'inherit',
});
if (r.status !== 0) process.exit(r.status ?? 1);
mkdirSync(dirname(stamp), { recursive: true });
writeFileSync(stamp, `built from the sources as of ${started.toISOString()}\n`);
utimesSync(stamp, started, started);
