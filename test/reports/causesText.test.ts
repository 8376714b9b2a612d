import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { junitXml, summarizeRun, summaryMarkdown } from '../../reports/index.js';
import { causesText } from '../../reports/causesText.js';
import { causesLine } from '../../src/suite/junit.js';
import type { RunResults } from '../../src/store/index.js';
import { writeSyntheticRun } from './syntheticRun.js';

describe('causes everywhere a verdict goes: JUnit, summary.md, the suite', () => {
  let dir: string;
  let results: RunResults;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'redcheck-causes-'));
    results = writeSyntheticRun(join(dir, 'run'), { events: 6000, lost: 30, unexplained: 4 });
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('one line, unexplained first, with the share explained', () => {
    const c = results.causes ?? assert.fail('no causes');
    assert.equal(c.counts.unexplained, 4);
    assert.equal(
      causesText(results),
      `causes: unexplained 4, failover ${c.counts.failover} (${c.explainedPercent}% explained)`,
    );
    assert.equal(causesText({ causes: { ...c, lost: 0 } }), undefined);
  });

  it("the run's JUnit failure names the causes and each group's sentence", () => {
    const xml = junitXml(results);
    const failure = /<failure message="([^"]*)"[^>]*>([^<]*)<\/failure>/.exec(xml);
    assert.ok(failure, xml);
    assert.match(failure[1] ?? '', /causes: unexplained 4, failover \d+/);
    assert.match(failure[2] ?? '', /unexplained: 4 writes acknowledged by n3 .* fit no mechanism/);
    assert.match(failure[2] ?? '', /failover: n1 /);
  });

  it('summary.md says the causes and each sentence, unexplained in bold', () => {
    const md = summaryMarkdown(results);
    assert.match(md, /\*\*causes: unexplained 4, failover \d+ \(\d+(\.\d+)?% explained\)\*\*/);
    assert.match(md, /^- \*\*unexplained\*\*: 4 writes acknowledged by n3/m);
  });

  it('compare and sweep: the causes, the unexplained count, and loss windows over every lost write', async () => {
    const s = await summarizeRun(join(dir, 'run'));
    assert.match(s.causes ?? '', /^unexplained 4, failover \d+/);
    assert.equal(s.unexplained, 4);
    assert.equal(s.lostListed, undefined, 'nothing left out: no "over the N listed" note');
    const w = s.lossWindows ?? assert.fail('no windows');
    assert.equal(
      w.windows.reduce((t, x) => t + x.lost, 0) + w.afterLastStart,
      results.causes?.lost,
    );
  });

  it("the suite's JUnit line: each cause's median over the runs, unexplained always shown", () => {
    const spread = (median: number) => ({ min: median, median, max: median, n: 3 });
    assert.equal(
      causesLine({
        'causes.unexplained': spread(0),
        'causes.failover': spread(1234),
        'causes.wiped': spread(0),
      }),
      'causes (median of 3 runs): unexplained 0, failover 1,234',
    );
    assert.equal(causesLine({}), undefined);
  });
});
