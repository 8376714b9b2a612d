/**
 * One cold check, for the linearizability bench: run in a fresh process as
 * `tsx bench/linearizabilityCold.ts <file> <model>` (file relative to test/fixtures/porcupine),
 * it parses the file, then loads the checker and checks the history once, and prints one JSON
 * line: `{file, model, loadMs, checkMs, valid}`. `checkMs` is the first check on a cold JIT;
 * `loadMs` the checker's module load before it.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parsePorcupineEtcdLog, parsePorcupineKv } from '../src/history/porcupine.js';

const [file = '', model = ''] = process.argv.slice(2);
const dataDir = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '..',
  'test',
  'fixtures',
  'porcupine',
);
const text = readFileSync(path.join(dataDir, file), 'utf8');
const history = file.startsWith('jepsen/')
  ? parsePorcupineEtcdLog(text, file)
  : parsePorcupineKv(text, file);
const t0 = performance.now();
const { checkLinearizability } = await import('../src/checker/linearizability/index.js');
const t1 = performance.now();
const r = await checkLinearizability(history, { model, timeLimitMs: 120_000 });
const t2 = performance.now();
console.log(JSON.stringify({ file, model, loadMs: t1 - t0, checkMs: t2 - t1, valid: r.valid }));
