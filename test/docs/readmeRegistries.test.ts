import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FAULT_NAMES } from '../../nemesis/registry.js';
import { WORKLOAD_NAMES } from '../../workloads/registry.js';
import { MODE_NAMES } from '../../src/client/mode.js';
import { runCommand } from '../../src/cli/commands/run.js';

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

  it('the opening paragraph counts the write modes and fault kinds as the registries do, and names every mode', () => {
    const intro = README.slice(0, README.indexOf('\n## '));
    const words = [
      '',
      'one',
      'two',
      'three',
      'four',
      'five',
      'six',
      'seven',
      'eight',
      'nine',
      'ten',
    ];
    assert.match(intro, new RegExp(`one of ${words[MODE_NAMES.length]} write modes`));
    assert.match(intro, new RegExp(`one of ${words[FAULT_NAMES.length]} fault kinds`));
    const named = [...(/write modes \(([^)]*)\)/.exec(intro)?.[1] ?? '').matchAll(/`([a-z]+)`/g)];
    assert.deepEqual(
      named.map((m) => m[1]),
      [...MODE_NAMES],
    );
  });

  it('run --help names every write mode and every fault kind', () => {
    const help = runCommand.usage;
    assert.ok(help.includes(MODE_NAMES.join('|')), 'the modes, as --mode takes them');
    assert.ok(help.includes(FAULT_NAMES.join(', ')), 'the fault kinds, as --nemesis takes them');
  });

  it('points the reader at docs/architecture.md from the layout section', () => {
    const layout = README.slice(README.indexOf('## Layout'));
    assert.match(layout, /\(docs\/architecture\.md\)/);
  });
});
