import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FAULT_NAMES } from '../../nemesis/registry.js';
import { WORKLOAD_NAMES } from '../../workloads/registry.js';

// README's layout table names every fault kind and every workload; the registries are the
// truth (a new one is its module plus one line there), so the table must follow them. (The
// report pages list no kinds or workloads, only those of the run they draw.)

const ROOT = join(import.meta.dirname, '..', '..');
const README = readFileSync(join(ROOT, 'README.md'), 'utf8');

/** The names in backticks that README's layout row of `folder` lists after "`registry.ts`:". */
function listedIn(folder: string): string[] {
  const row = README.split('\n').find((l) => l.startsWith(`| \`${folder}\` |`));
  assert.ok(row, `README's layout table has a row for ${folder}`);
  const list = /`registry\.ts`:([^;|]*)/.exec(row);
  assert.ok(list?.[1], `README's ${folder} row lists its registry after "\`registry.ts\`:"`);
  return [...list[1].matchAll(/`([a-z][a-z-]*)`/g)].map((m) => m[1] as string);
}

describe("README's lists of fault kinds and workloads", () => {
  it('names every fault kind of nemesis/registry.ts, in its order, and no other', () => {
    assert.deepEqual(listedIn('nemesis/'), [...FAULT_NAMES]);
  });

  it('names every workload of workloads/registry.ts, in its order, and no other', () => {
    assert.deepEqual(listedIn('workloads/'), [...WORKLOAD_NAMES]);
  });

  it('points the reader at docs/architecture.md from the layout section', () => {
    const layout = README.slice(README.indexOf('## Layout'));
    assert.match(layout, /\(docs\/architecture\.md\)/);
  });
});
