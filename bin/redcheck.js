#!/usr/bin/env node
// Launcher. In a source checkout it runs the compiled `dist/` while that build is newer than
// every source file (`npm run build`, which the README's setup runs), and the TypeScript
// sources through tsx otherwise, so the CLI never runs a stale build. REDCHECK_FROM_SOURCE=1
// always runs the sources; REDCHECK_DEBUG=1 says which ran. An installed package (no sources)
// runs `dist/`; tsx is imported only by scripts/runSources.mjs, which is not in the package.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { dirname, join } from 'node:path';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const source = join(root, 'src', 'cli', 'main.ts');
const built = join(root, 'dist', 'src', 'cli', 'main.js');
/** Written by `npm run build` (scripts/build.mjs), dated when that build started. */
const stamp = join(root, 'dist', '.built');
const SOURCE_DIRS = ['src', 'nemesis', 'workloads', 'reports'];
const SOURCE_FILES = ['package.json', 'package-lock.json', 'tsconfig.json', 'tsconfig.build.json'];

/** The newest modification time of any source file (ms), or Infinity if one cannot be read. */
function newestSource() {
  let newest = 0;
  const walk = (dir) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else newest = Math.max(newest, statSync(p).mtimeMs);
    }
  };
  try {
    for (const d of SOURCE_DIRS) walk(join(root, d));
    for (const f of SOURCE_FILES) {
      if (existsSync(join(root, f))) newest = Math.max(newest, statSync(join(root, f)).mtimeMs);
    }
  } catch {
    return Infinity;
  }
  return newest;
}

function buildIsCurrent() {
  if (process.env.REDCHECK_FROM_SOURCE || !existsSync(built) || !existsSync(stamp)) return false;
  return newestSource() < statSync(stamp).mtimeMs;
}

/** Say which ran, with REDCHECK_DEBUG=1. */
function ran(what) {
  if (process.env.REDCHECK_DEBUG) console.error(`redcheck: running ${what}`);
}

// The sources' runner (and tsx, a dev dependency) exists in a source checkout only.
const sources =
  existsSync(source) && !buildIsCurrent() ? await import('../scripts/runSources.mjs') : undefined;
if (
  sources &&
  (await sources.runSources(source, () => ran('the sources (tsx): no current build')))
) {
  // the CLI ran from the sources
} else if (existsSync(built)) {
  ran('dist/');
  await import(pathToFileURL(built).href);
} else {
  console.error('redcheck: not built; run `npm ci && npm run build` in ' + root);
  process.exitCode = 2;
}
