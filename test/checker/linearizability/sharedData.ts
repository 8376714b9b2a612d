/** Porcupine's recorded histories, copied into `test/fixtures/porcupine/` with their licence. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Op } from '../../../src/history/op.js';
import { parsePorcupineEtcdLog, parsePorcupineKv } from '../../../src/history/porcupine.js';

export const repoRoot = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '..',
  '..',
  '..',
);
export const porcupineDir = path.resolve(repoRoot, 'test', 'fixtures', 'porcupine');

/** One row of `expected.tsv`. */
export interface ExpectedRow {
  readonly path: string;
  readonly expected: string;
  readonly model: string;
}

export function readExpected(): ExpectedRow[] {
  const text = readFileSync(path.join(porcupineDir, 'expected.tsv'), 'utf8');
  return text
    .split('\n')
    .slice(1)
    .filter((l) => l.trim() !== '')
    .map((l) => {
      const [p = '', expected = '', model = ''] = l.split('\t');
      return { path: p, expected, model };
    });
}

/** Parses a data file with the importer its folder implies. */
export function loadPorcupine(rel: string): Op[] {
  const text = readFileSync(path.join(porcupineDir, rel), 'utf8');
  return rel.startsWith('jepsen/') ? parsePorcupineEtcdLog(text, rel) : parsePorcupineKv(text, rel);
}
