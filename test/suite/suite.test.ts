import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import type { ResolvedScenario } from '../../src/runner/scenario.js';
import {
  compareWithBaseline,
  estimatedMs,
  mergeSuites,
  planSuite,
  readSuiteResult,
  runSuite,
  scenarioFiles,
  shardOf,
  suiteJunitXml,
  suiteSummaryMarkdown,
  writeSuiteOutputs,
  type SuiteCasePlan,
  type SuiteResult,
} from '../../src/suite/index.js';
import { fakeRunner, type FakeOutcome } from './fakeRun.js';

/** The claims table: what an unsharded run and a merge of its shards must agree on. */
function claimsTable(r: SuiteResult) {
  return r.cases.map((c) => ({
    id: c.id,
    claim: c.claim?.id,
    status: c.status,
    failures: c.failures,
    numbers: c.numbers,
    seeds: c.runs.map((x) => x.seed),
  }));
}

describe('redcheck suite (fake runner, no Docker)', () => {
  let dir: string;
  let files: string[];
  let plan: SuiteCasePlan[];

  const scenario = (name: string, body: object): void => {
    writeFileSync(join(dir, 'claims', `${name}.json`), JSON.stringify(body, null, 2));
  };

  const run = (
    cases: readonly SuiteCasePlan[],
    outcomes: Record<number, FakeOutcome>,
    o: { shard?: { index: number; count: number }; repeat?: number; out?: string } = {},
    ran: ResolvedScenario[] = [],
  ) =>
    runSuite({
      plan,
      cases,
      shard: o.shard ?? null,
      repeat: o.repeat ?? 1,
      overrides: { store: join(dir, 'store') },
      outDir: o.out ?? join(dir, 'out'),
      runOne: fakeRunner(outcomes, ran),
      log: () => {},
    });

  /** Seeds 100, 200, ...: the fake runner's outcome follows the seed. */
  const OUTCOMES: Record<number, FakeOutcome> = {
    100: { lost: 40, failoverMs: 3000 }, // c1: confirmed
    200: { lost: 0 }, // c3p expects lost > 0: refuted
    300: { lost: 0, valid: 'unknown' }, // r1 expects valid == true: unknown
    500: { lost: 0 }, // r1b: confirmed
    600: { lost: 0 }, // r6: no failover measured: error (not measured)
  };

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'redcheck-suite-'));
    mkdirSync(join(dir, 'claims'));
    scenario('c1', {
      claim: { id: 'C1', text: 'async loses writes' },
      topology: 'sentinel',
      seed: 100,
      expect: ['set.lost > 0', 'failoverMs <= 10000'],
    });
    scenario('c3p', {
      claim: { id: "C3'", text: 'multi loses writes' },
      topology: 'sentinel',
      mode: 'multi',
      seed: 200,
      expect: ['set.lost > 0 and set.partial == 0'],
    });
    scenario('r1', {
      claim: { id: 'R1', text: 'no loss' },
      topology: 'replication',
      nemesis: 'none',
      seed: 300,
    });
    scenario('r8', {
      claim: { id: 'R8', text: 'cluster' },
      pending: { issue: 9, reason: 'cluster faults' },
      topology: 'cluster',
      seed: 400,
    });
    scenario('r1b', {
      claim: { id: 'R1', text: 'no loss' },
      topology: 'replication',
      nemesis: 'none',
      seed: 500,
      timeLimit: '90s',
    });
    files = scenarioFiles([join(dir, 'claims')]);
    plan = planSuite(files);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('judges each scenario by its expectations: confirmed, refuted, unknown, pending', async () => {
    const r = await run(plan, OUTCOMES);
    const status = Object.fromEntries(r.cases.map((c) => [c.id, c.status]));
    assert.deepEqual(status, {
      c1: 'confirmed',
      c3p: 'refuted',
      r1: 'unknown',
      r1b: 'confirmed',
      r8: 'pending',
    });
    assert.equal(r.exitCode, 1, 'a refuted claim is exit 1');
    const c3p = r.cases.find((c) => c.id === 'c3p');
    assert.deepEqual(c3p?.failures, [
      'seed 200: unmet: set.lost > 0 and set.partial == 0 (measured set.lost = 0, set.partial = 0)',
    ]);
    assert.equal(r.cases.find((c) => c.id === 'r8')?.runs.length, 0, 'pending is never run');
    assert.equal(r.cases.find((c) => c.id === 'c1')?.numbers.failoverMs?.median, 3000);
    assert.deepEqual(r.plan, ['c1', 'c3p', 'r1', 'r1b', 'r8']);
  });

  it('exit 3 when an expectation is undecided, 2 on a run error or a value not measured', async () => {
    const only = (id: string) => plan.filter((c) => c.id === id);
    assert.equal((await run(only('r1'), OUTCOMES)).exitCode, 3);
    const err = await run(only('c1'), { 100: { error: true } });
    assert.equal(err.exitCode, 2);
    assert.match(err.cases[0]?.failures[0] ?? '', /seed 100: error: E_SETUP_FAILED: setup failed/);
    const unmeasured = await run(only('c1'), { 100: { lost: 3 } });
    assert.equal(unmeasured.cases[0]?.status, 'error');
    assert.match(
      unmeasured.cases[0]?.failures[0] ?? '',
      /not measured: failoverMs <= 10000 \(measured failoverMs = not measured\)/,
    );
    assert.equal((await run(only('r1b'), OUTCOMES)).exitCode, 0);
    assert.equal((await run(only('r8'), OUTCOMES)).exitCode, 0, 'pending alone is not a failure');
  });

  it('stops after a run stopped by a signal: the cases after it are errors, never run', async () => {
    const ran: ResolvedScenario[] = [];
    const r = await run(
      plan,
      { ...OUTCOMES, 200: { lost: 0, interrupted: 'interrupted by a signal' } },
      {},
      ran,
    );
    assert.deepEqual(
      ran.map((s) => s.seed),
      [100, 200],
    );
    assert.deepEqual(
      r.cases.map((c) => c.status),
      ['confirmed', 'error', 'error', 'error', 'pending'],
    );
    assert.match(
      r.cases[2]?.failures[0] ?? '',
      /error: not run: the suite was stopped \(interrupted by a signal\)/,
    );
    assert.equal(r.exitCode, 2);
    const timedOut = await run(plan, {
      ...OUTCOMES,
      100: { lost: 3, interrupted: 'run timeout 60s' },
    });
    assert.equal(timedOut.cases[0]?.status, 'error');
    assert.match(timedOut.cases[0]?.failures[0] ?? '', /error: run timeout 60s/);
    assert.equal(timedOut.cases[1]?.status, 'refuted', 'a run timeout stops only its own run');
  });

  it('--shard 1/2 and 2/2 run each scenario exactly once; their merge equals the unsharded claims table', async () => {
    const whole = await run(plan, OUTCOMES, { out: join(dir, 'whole') });
    const ran: ResolvedScenario[] = [];
    const shards = [];
    for (const index of [1, 2]) {
      const shard = { index, count: 2 };
      const out = join(dir, `shard-${index}`);
      const result = await run(shardOf(plan, shard, estimatedMs), OUTCOMES, { shard, out }, ran);
      writeSuiteOutputs(result, out);
      shards.push({ dir: out, result: readSuiteResult(join(out, 'suite.json')) });
    }
    assert.deepEqual(ran.map((s) => s.seed).sort(), [100, 200, 300, 500]);
    assert.ok(
      shards.every((s) => s.result.cases.length > 0),
      'both shards have work',
    );
    const merged = mergeSuites(shards, join(dir, 'merged'));
    assert.deepEqual(claimsTable(merged), claimsTable(whole));
    assert.equal(merged.exitCode, whole.exitCode);
    // Run pages are linked from the merged folder.
    const link = merged.cases.find((c) => c.id === 'c1')?.runs[0]?.report ?? '';
    assert.match(link, /^\.\.\/store\/fake-100\/report\.html$/);
  });

  it('merge refuses a missing shard, a shard given twice and a shard of another suite', async () => {
    const shard = { index: 1, count: 2 };
    const one = await run(shardOf(plan, shard, estimatedMs), OUTCOMES, { shard });
    assert.throws(
      () => mergeSuites([{ dir: 'a', result: one }], dir),
      /case\(s\) of the plan in no folder/,
    );
    assert.throws(
      () =>
        mergeSuites(
          [
            { dir: 'a', result: one },
            { dir: 'b', result: one },
          ],
          dir,
        ),
      /is in more than one folder/,
    );
    const other = { ...one, plan: ['x'] };
    assert.throws(
      () =>
        mergeSuites(
          [
            { dir: 'a', result: one },
            { dir: 'b', result: other },
          ],
          dir,
        ),
      /shard of another suite/,
    );
  });

  it('shards partition any plan: every case in exactly one shard, in plan order (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.nat(100), { maxLength: 40 }),
        fc.integer({ min: 1, max: 8 }),
        (costs, n) => {
          const cases = costs.map((ms, i) => ({ id: `s${i}`, ms }));
          const seen = [];
          for (let i = 1; i <= n; i++) {
            const slice = shardOf(cases, { index: i, count: n }, (c) => c.ms);
            const order = slice.map((c) => cases.indexOf(c));
            assert.deepEqual(
              order,
              [...order].sort((a, b) => a - b),
            );
            seen.push(...slice.map((c) => c.id));
          }
          assert.deepEqual(seen.sort(), cases.map((c) => c.id).sort());
        },
      ),
    );
  });

  it('--repeat k runs each scenario k times with seeds seed..seed+k-1 and keeps the spread', async () => {
    const c1 = plan.filter((c) => c.id === 'c1');
    const r = await run(
      c1,
      {
        100: { lost: 10, failoverMs: 2000 },
        101: { lost: 30, failoverMs: 5000 },
        102: { lost: 20, failoverMs: 4000 },
      },
      { repeat: 3 },
    );
    const c = r.cases[0];
    assert.deepEqual(
      c?.runs.map((x) => x.seed),
      [100, 101, 102],
    );
    assert.deepEqual(c?.numbers['set.lost'], { min: 10, median: 20, max: 30, n: 3 });
    assert.deepEqual(c?.numbers.failoverMs, { min: 2000, median: 4000, max: 5000, n: 3 });
  });

  it('--image a,b is an axis like --redis: one case per scenario and image, each run on its image', async () => {
    const images = ['me/redis:patched', 'me/redis:stock'];
    const axis = planSuite(files, [], images).filter((c) => c.scenario.id === 'c1');
    assert.deepEqual(
      axis.map((c) => c.id),
      images.map((i) => `c1@${i}`),
    );
    const ran: ResolvedScenario[] = [];
    const r = await run(axis, { 100: { lost: 3 } }, {}, ran);
    assert.deepEqual(
      ran.map((s) => s.image),
      images,
    );
    assert.deepEqual(
      r.cases.map((c) => c.image),
      images,
    );
  });

  it('--baseline marks a flipped claim and a number that moved beyond noise, not one within it', async () => {
    const base = await run(plan, { ...OUTCOMES, 200: { lost: 12 } }, { out: join(dir, 'base') });
    writeSuiteOutputs(base, join(dir, 'base'));
    const tonight = await run(plan, { ...OUTCOMES, 100: { lost: 400, failoverMs: 3100 } });
    const file = join(dir, 'base', 'suite.json');
    const r = compareWithBaseline(tonight, readSuiteResult(file), file);
    const c3p = r.cases.find((c) => c.id === 'c3p');
    assert.deepEqual(c3p?.baseline, {
      status: 'confirmed',
      flipped: true,
      moved: [
        { name: 'set.lost', from: 12, to: 0 },
        { name: 'set.lostPercent', from: 1.2, to: 0 },
      ],
    });
    const c1 = r.cases.find((c) => c.id === 'c1');
    assert.equal(c1?.baseline?.flipped, false);
    assert.deepEqual(
      c1?.baseline?.moved,
      [
        { name: 'set.lost', from: 40, to: 400 },
        { name: 'set.lostPercent', from: 4, to: 40 },
        { name: 'lossWindowMs', from: 39.5, to: 399.5 },
      ],
      'failoverMs 3000 -> 3100 is noise',
    );
    assert.deepEqual(r.baseline, { file, flipped: 1, moved: 5, missing: 0 });
    const md = suiteSummaryMarkdown(r);
    assert.match(md, /\*\*1\*\* claim\(s\) flipped, \*\*5\*\* number\(s\) moved/);
    assert.match(md, /\| C3' \| c3p \| ❌ refuted \(was confirmed\) \|/);
    assert.match(md, /moved: set\.lost 40 → 400/);
  });

  it('junit.xml: one test case per scenario, the unmet expectation with its values as the failure text', async () => {
    const r = await run(plan, OUTCOMES);
    const xml = suiteJunitXml(r);
    assert.equal(xml.match(/<testcase /g)?.length, 5);
    assert.match(xml, /tests="5" failures="1" errors="1" skipped="1"/);
    assert.match(
      xml,
      /<testcase classname="redcheck\.suite\.C3&apos;" name="c3p" time="[\d.]+"><failure message="seed 200: unmet: set\.lost &gt; 0 and set\.partial == 0 \(measured set\.lost = 0, set\.partial = 0\)" type="refuted">/,
    );
    assert.match(
      xml,
      /name="r8" time="0\.000"><skipped message="pending: waits for issue #9: cluster faults"\/>/,
    );
  });

  it('writes suite.json that reads back through its schema, and the other outputs', async () => {
    const r = await run(plan, OUTCOMES);
    const out = join(dir, 'written');
    const files = writeSuiteOutputs(r, out);
    assert.deepEqual(readSuiteResult(files.json), r);
    assert.match(readFileSync(files.html, 'utf8'), /<table class="grid" id="claims-table">/);
    assert.match(
      readFileSync(files.summary, 'utf8'),
      /^## redcheck suite: ✅ 2 confirmed · ❌ 1 refuted · ⚠️ 1 unknown · ⏳ 1 pending/,
    );
    writeFileSync(join(out, 'bad.json'), JSON.stringify({ ...r, cases: [{ id: 1 }] }));
    assert.throws(() => readSuiteResult(join(out, 'bad.json')), /bad\.json: cases\.0\.id: /);
  });
});
