import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exploreCommand } from '../../src/cli/commands/explore.js';
import { RedcheckError } from '../../src/errors.js';
import {
  explore,
  exploreSpace,
  parseProperty,
  readExploreResult,
  stepChanges,
  writeExploreOutputs,
  type ExploreResult,
} from '../../src/explore/index.js';

const HOSTILE = '<script>alert(1)</script>';

async function found(outDir: string): Promise<ExploreResult> {
  return explore({
    space: exploreSpace(
      { topology: 'sentinel', redisConfig: [`# ${HOSTILE}`] },
      ['faults', 'concurrency'],
      8000,
    ),
    property: parseProperty('set.lost == 0'),
    trials: 10,
    seed: 4,
    maxShrinkRuns: 100,
    record: (s, id) => {
      const file = `${id}.json`;
      writeFileSync(join(outDir, file), JSON.stringify(s));
      return { scenarioFile: file, command: `redcheck run --scenario ${file}` };
    },
    runOne: (s) =>
      Promise.resolve({
        measures: { 'set.lost': s.nemesis.some((n) => n.startsWith('kill')) ? 5 : 0 },
        report: `runs/${s.seed}/report.html`,
      }),
    log: () => undefined,
  });
}

describe('explore outputs (no Docker)', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'redcheck-explore-out-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('writes explore.json that reads back, a page with every value escaped, JUnit and minimal.json', async () => {
    const r = await found(dir);
    assert.equal(r.exitCode, 1);
    const files = writeExploreOutputs(r, dir);
    assert.deepEqual(readExploreResult(files.json), r);
    const html = readFileSync(files.html, 'utf8');
    assert.ok(!html.includes(HOSTILE), 'a value reached the page unescaped');
    assert.ok(html.includes('&lt;script&gt;alert(1)&lt;/script&gt;'));
    assert.match(html, /id="minimal-run" href="runs\/\d+\/report.html"/);
    for (const c of r.candidates) assert.ok(html.includes(`data-candidate="${c.id}"`), c.id);
    for (const s of r.steps)
      for (const line of s.changes) {
        assert.ok(html.includes(line.replace(/>/g, '&gt;')), line);
      }
    const junit = readFileSync(files.junit, 'utf8');
    const trials = r.candidates.filter((c) => c.phase === 'trial').length;
    assert.equal(junit.match(/<testcase /g)?.length, trials + 1);
    assert.match(junit, /counterexample to set.lost == 0/);
    assert.ok(files.minimal);
    const min = r.candidates.find((c) => c.id === r.minimal);
    assert.deepEqual(
      readFileSync(files.minimal, 'utf8'),
      readFileSync(join(dir, min?.scenarioFile ?? ''), 'utf8'),
    );
  });

  it('shows a drawn schedule entry by entry', async () => {
    const r = await explore({
      space: exploreSpace({ topology: 'sentinel' }, ['schedule'], 8000),
      property: parseProperty('set.lost == 0'),
      trials: 1,
      seed: 4,
      runOne: () => Promise.resolve({ measures: { 'set.lost': 0 } }),
      log: () => undefined,
    });
    const html = readFileSync(writeExploreOutputs(r, dir).html, 'utf8');
    assert.ok(!html.includes('[object Object]'));
    assert.match(html, /\{&quot;at&quot;:\d+,&quot;fault&quot;/);
  });

  it('rejects an explore.json of another shape, naming the field', () => {
    const file = join(dir, 'explore.json');
    writeFileSync(file, JSON.stringify({ schemaVersion: 2 }));
    assert.throws(() => readExploreResult(file), /schemaVersion/);
  });

  it('describes each shrink step by what it removed or shortened', () => {
    assert.deepEqual(
      stepChanges(
        { nemesis: ['kill:primary', 'pause:random'], timeLimit: 8000, concurrency: 5 },
        { nemesis: ['kill:primary'], timeLimit: 2000, concurrency: 5 },
      ),
      ['nemesis: removed pause:random', 'timeLimit: 8000 -> 2000 ms'],
    );
  });

  describe('the command: bad input is exit 2 before any run', () => {
    const cases: [string, string[], RegExp][] = [
      ['no --property', ['--vary', 'faults'], /--property/],
      [
        'an unknown property field',
        ['--property', 'set.lots == 0', '--vary', 'faults'],
        /set\.lots/,
      ],
      ['no --vary', ['--property', 'set.lost == 0'], /--vary/],
      [
        'an unknown --vary part',
        ['--property', 'set.lost == 0', '--vary', 'faults,disks'],
        /disks/,
      ],
      [
        'a fixed option that contradicts a varied one',
        ['--property', 'set.lost == 0', '--vary', 'persistence', '--persistence', 'aof-always'],
        /persistence/,
      ],
      [
        'an unknown run option',
        ['--property', 'set.lost == 0', '--vary', 'faults', '--bogus', '1'],
        /bogus/,
      ],
      [
        'a bad --trials',
        ['--property', 'set.lost == 0', '--vary', 'faults', '--trials', '0'],
        /--trials/,
      ],
      [
        'a bad fixed option',
        ['--property', 'set.lost == 0', '--vary', 'faults', '--topology', 'ring'],
        /ring/,
      ],
    ];
    for (const [what, argv, pattern] of cases) {
      it(what, async () => {
        await assert.rejects(
          exploreCommand.run([...argv, '--out', join(dir, 'out')]),
          (e: unknown) => {
            assert.ok(e instanceof RedcheckError, String(e));
            assert.match(`${e.message} ${e.fix ?? ''}`, pattern);
            return true;
          },
        );
      });
    }
  });
});
