import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { jsonForScript } from '../../reports/escape.js';
import { markup } from '../../reports/html.js';
import {
  analyzeHistory,
  junitXml,
  summaryMarkdown,
  writeCheckReport,
  writeRunOutputs,
  writeRunReport,
} from '../../reports/index.js';
import { checkLinearizability } from '../../src/checker/linearizability/index.js';
import { toRunResult } from '../../src/checker/linearizability/runResult.js';
import { HistoryWriter } from '../../src/history/jsonl.js';
import { loadHistory } from '../../src/history/load.js';
import { checkerResult, writeResults } from '../../src/store/index.js';
import { writeSyntheticRun, XSS_IMG, XSS_SCRIPT } from './syntheticRun.js';

describe('reports: escaping', () => {
  it('embeds any JSON value without a "<" and gives it back unchanged', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.string(), (v, s) => {
        for (const value of [v, { s, v }, `${s}</script><!--${XSS_IMG}`]) {
          const text = jsonForScript(value);
          assert.ok(!text.includes('<'), text);
          assert.deepEqual(JSON.parse(text), JSON.parse(JSON.stringify(value)));
        }
      }),
    );
  });

  it('markup escapes every interpolated value and keeps nested markup', () => {
    const inner = markup`<b>${XSS_SCRIPT}</b>`;
    const out = markup`<p title="${XSS_IMG}">${inner}${[XSS_IMG, 1]}</p>`.markup;
    assert.equal(
      out,
      '<p title="&quot;&gt;&lt;img src=x onerror=alert(1)&gt;"><b>&lt;script&gt;alert(1)&lt;/script&gt;</b>&quot;&gt;&lt;img src=x onerror=alert(1)&gt;1</p>',
    );
  });
});

describe('reports: history analysis and CI outputs', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'redcheck-report-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('counts ops as the run recorded them, keeps every fail and info point when thinning', async () => {
    const run = join(dir, 'thin');
    const results = writeSyntheticRun(run, { events: 6000 });
    const a = await analyzeHistory(join(run, 'history.jsonl'), {
      pointLimit: 500,
      timelineCap: 300,
    });
    const stats = checkerResult(results, 'stats');
    for (const type of ['ok', 'fail', 'info'] as const) {
      assert.equal(a.counts.add?.[type] ?? 0, stats?.byF.add?.[type] ?? 0, type);
    }
    assert.ok(a.latency.ok.total > 500);
    assert.ok(a.latency.ok.x.length <= 501, `${a.latency.ok.x.length} ok points kept`);
    assert.equal(a.latency.fail.x.length, a.latency.fail.total);
    assert.equal(a.latency.info.x.length, a.latency.info.total);
    assert.ok(a.latency.fail.total > 0);
    assert.equal(a.timeline.ops.length, 300);
    assert.ok(a.timeline.total > 300);
    assert.deepEqual(
      a.timeline.windows.map((w) => w.why),
      ['from the start of the run'],
    );
  });

  it('writes junit.xml with a failure carrying the counts, and summary.md with the re-run command', async () => {
    const run = join(dir, 'ci');
    const results = writeSyntheticRun(run, { events: 2000, hostile: true, lost: 5 });
    await writeRunReport(run);
    const junit = readFileSync(join(run, 'junit.xml'), 'utf8');
    assert.equal(junit, junitXml(results));
    assert.match(junit, /<testsuites name="redcheck" tests="2" failures="1" errors="0">/);
    assert.match(
      junit,
      /<testcase classname="[^"]*" name="set" time="0">\s*<failure message="set invalid: [^"]*lost=5/,
    );
    assert.ok(!junit.includes(XSS_SCRIPT) && !junit.includes('<img'));
    const md = readFileSync(join(run, 'summary.md'), 'utf8');
    assert.equal(md, summaryMarkdown(results));
    assert.match(md, /invalid/);
    assert.match(md, /\*\*5\*\* acknowledged writes lost/);
    assert.ok(md.includes(results.command.replace(/`/g, "'")));
    assert.ok(!md.replace(/```sh[\s\S]*```/, '').includes('<script>'));
  });

  it('never fails the run: a run without a history still gets its page and CI outputs', async () => {
    const run = join(dir, 'nohistory');
    const results = writeSyntheticRun(run, { events: 100 });
    rmSync(join(run, 'history.jsonl'));
    const out = await writeRunOutputs(run, results);
    assert.deepEqual(out.problems, []);
    assert.equal(out.written.length, 1);
    const page = readFileSync(join(run, 'report.html'), 'utf8');
    assert.match(page, /no history\.jsonl/);
    assert.ok(readFileSync(join(run, 'junit.xml'), 'utf8').includes('<failure'));
  });
  it('shows the banner lost count with thousands separators', async () => {
    const run = join(dir, 'manylost');
    const results = writeSyntheticRun(run, { events: 3000 });
    const set = checkerResult(results, 'set');
    assert.ok(set);
    set.lost = 1234567; // the banner formats whatever results.json holds
    writeResults(run, results);
    await writeRunReport(run);
    const page = readFileSync(join(run, 'report.html'), 'utf8');
    assert.match(page, /id="lost-count">1,234,567</);
  });
});

describe('reports: check --report on a run folder', () => {
  it("draws the lanes of the run's stored linearizable result, read through the store", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'redcheck-check-run-'));
    try {
      const { ops } = await loadHistory('examples/cas-register-bad.jsonl');
      const writer = HistoryWriter.open(join(dir, 'history.jsonl'));
      for (const op of ops) writer.append(op);
      await writer.close();
      const lin = toRunResult(
        await checkLinearizability(ops, { model: 'cas-register', verbose: true }),
        5000,
      );
      const base = writeSyntheticRun(join(dir, 'other'), { events: 100 });
      writeResults(dir, { ...base, valid: false, checkers: { linearizable: lin } });
      const out = join(dir, 'check.html');
      await writeCheckReport(out, [{ file: dir }]);
      const html = readFileSync(out, 'utf8');
      assert.match(html, /Linearizability: <span id="verdict">invalid/);
      assert.match(html, /"lanes":\[\{"source":/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
