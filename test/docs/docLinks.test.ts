import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';

// README and docs/*.md point the reader at files of this repository: every relative link and
// every path to a file of it (`scenarios/c5a-rdb-kill.json`, `src/runner/runScenario.ts`) must
// exist, and a link's #anchor must name a heading of the file it points to.

const ROOT = join(import.meta.dirname, '..', '..');
const DOCS = [
  'README.md',
  ...readdirSync(join(ROOT, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .map((f) => `docs/${f}`),
];
/** The repository's top folders a path in the text may start with. */
const TOP = 'src|reports|nemesis|workloads|docs|scenarios|examples|test|bench|docker|scripts|bin';
const PATH = new RegExp(`(?<![\\w./<-])(?:${TOP})/[\\w.-]+(?:/[\\w.-]+)*`, 'g');

/** GitHub's anchor of a heading: lower case, punctuation dropped, spaces as dashes. */
function slug(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N} _-]/gu, '')
    .replace(/ /g, '-');
}

function anchorsOf(file: string): Set<string> {
  const text = readFileSync(file, 'utf8');
  return new Set([...text.matchAll(/^#+ (.+)$/gm)].map((m) => slug(m[1] ?? '')));
}

describe('README and docs: references resolve inside the repository', () => {
  it('reads the paths README names (the check below is not empty)', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const paths = [...readme.matchAll(PATH)].map((m) => m[0]);
    assert.ok(paths.includes('src/store/results.ts'), paths.join(' '));
    assert.ok(paths.length >= 20, `${paths.length} paths`);
    assert.equal([...'see [x](docs/nope.md)'.matchAll(/\]\(([^)\s]+)\)/g)].length, 1);
  });

  for (const doc of DOCS) {
    it(`${doc}: every relative link and file path exists`, () => {
      const text = readFileSync(join(ROOT, doc), 'utf8');
      const missing: string[] = [];
      for (const m of text.matchAll(/\]\(([^)\s]+)\)/g)) {
        const target = m[1] ?? '';
        if (/^[a-z]+:/i.test(target)) continue; // https:, mailto:
        const [path = '', anchor] = target.split('#');
        const file = path === '' ? join(ROOT, doc) : join(ROOT, dirname(doc), path);
        if (!existsSync(file)) missing.push(`link ${target}`);
        else if (anchor && file.endsWith('.md') && !anchorsOf(file).has(anchor)) {
          missing.push(`anchor ${target} (no such heading in ${relative(ROOT, file)})`);
        }
      }
      for (const m of text.matchAll(PATH)) {
        const path = m[0].replace(/[.]+$/, '');
        if (!existsSync(join(ROOT, path))) missing.push(`path ${path}`);
      }
      assert.deepEqual(missing, [], `${doc} names what the repository does not have`);
    });
  }
});
