#!/usr/bin/env node
// Fails when a hand-written source file (.ts, .js, .mjs) outside test/ and bench/ is over the
// line limit, naming each such file and its length: a long file is split along its seams, one
// concept per file. Usage: node scripts/checkFileLength.mjs [root] (default: the current folder).
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import process from 'node:process';

const MAX_LINES = 400;
const EXTENSIONS = ['.ts', '.js', '.mjs'];
/** Folders never looked into: tests, benchmarks, installed and built code, run outputs. */
const SKIPPED_TOP = new Set(['test', 'bench', 'dist', 'store', 'test-artifacts']);

/**
 * Lines of a text as `wc -l` counts them, plus a last line without a newline.
 * @param {string} text
 * @returns {number}
 */
function lineCount(text) {
  if (text === '') return 0;
  const newlines = text.split('\n').length - 1;
  return text.endsWith('\n') ? newlines : newlines + 1;
}

/**
 * Every source file under `root` the limit applies to, as paths relative to `root`.
 * @param {string} root
 * @returns {string[]}
 */
function sourceFiles(root) {
  /** @type {string[]} */
  const out = [];
  /** @param {string} dir */
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        const top = dir === root && SKIPPED_TOP.has(entry.name);
        if (!top && entry.name !== 'node_modules' && !entry.name.startsWith('.')) walk(path);
      } else if (entry.isFile() && EXTENSIONS.some((e) => entry.name.endsWith(e))) {
        if (!entry.name.endsWith('.d.ts')) out.push(relative(root, path));
      }
    }
  };
  walk(root);
  return out.sort();
}

const root = process.argv[2] ?? process.cwd();
const long = sourceFiles(root)
  .map((file) => ({ file, lines: lineCount(readFileSync(join(root, file), 'utf8')) }))
  .filter((f) => f.lines > MAX_LINES);
if (long.length > 0) {
  process.stderr.write(
    `${long.length} source file(s) over ${MAX_LINES} lines; split each along its seams, one concept per file:\n` +
      long.map((f) => `  ${f.file}: ${f.lines} lines\n`).join(''),
  );
  process.exit(1);
}
process.stdout.write(`no source file over ${MAX_LINES} lines\n`);
