import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { writeCompareReport, writeRunReport } from '../../reports/index.js';
import { lossWindows } from '../../reports/sweepMeasures.js';
import { judgeRun } from '../../src/cli/judgeRun.js';
import { checkerResult, writeResults, type RunResults } from '../../src/store/index.js';
import { openPage, screenshot, useChromium } from '../support/browser.js';
import { writeSyntheticRun, XSS_IMG, XSS_SCRIPT } from './syntheticRun.js';

const exec = promisify(execFile);
const REPO = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

function verdictOf(r: RunResults): string {
  return r.valid === true ? 'valid' : r.valid === false ? 'invalid' : 'unknown';
}

describe('report pages in headless Chromium', function () {
  this.timeout(120_000);
  const chrome = useChromium('redcheck-pages-');

  it('shows the run: verdict and lost count as results.json has them, plots drawn, no errors, no network', async () => {
    const run = join(chrome.dir, 'run');
    const results = writeSyntheticRun(run, { events: 8000, lost: 17 });
    const file = await writeRunReport(run);
    const p = await openPage(chrome.browser, file);
    try {
      assert.deepEqual(p.errors, []);
      assert.deepEqual(p.requests, [pathToFileURL(file).href]);
      assert.equal(await p.page.textContent('#verdict'), verdictOf(results));
      assert.equal(
        await p.page.textContent('#lost-count'),
        (checkerResult(results, 'set')?.lost ?? 0).toLocaleString('en-US'),
      );
      assert.equal(await p.page.locator('#lost-table tbody tr').count(), 17);
      for (const id of ['plot-throughput', 'plot-latency', 'plot-quantiles']) {
        assert.equal(await p.page.locator(`#${id} canvas`).count(), 1, id);
      }
      assert.equal(await p.page.locator('.render-error').count(), 0);
      assert.match((await p.page.textContent('#timeline-note')) ?? '', /showing all [\d,]+ ops/);
      assert.match((await p.page.textContent('#rerun-command')) ?? '', /^redcheck run /);
      // The observers' findings, as results.json has them.
      const replication = results.observers?.replication ?? assert.fail('no observers');
      const resync = (await p.page.locator('#observer-resync td').allTextContents()).slice(0, 3);
      assert.deepEqual(resync, [
        String(replication.sync.full),
        String(replication.sync.partialOk),
        String(replication.sync.partialErr),
      ]);
      assert.equal(
        await p.page.locator('#observer-lag tbody tr').count(),
        replication.lagMs.histogram.length,
      );
      assert.match((await p.page.textContent('#observer-catchup')) ?? '', /not within the run/);
      assert.match((await p.page.textContent('#observer-failover')) ?? '', /n1\s*n2/);
      assert.match((await p.page.textContent('#observer-multi')) ?? '', /applied \(no rollback\)/);
      // A link from the lost-write table selects that op in the timeline.
      // (the page answers the `hashchange` event, which fires after the click has returned)
      await p.page.locator('#lost-table tbody tr a').first().click();
      await p.page
        .locator('#timeline-detail', { hasText: 'LOST acknowledged write' })
        .waitFor({ timeout: 5000 })
        .catch(() => undefined);
      assert.match((await p.page.textContent('#timeline-detail')) ?? '', /LOST acknowledged write/);
      await screenshot(p.page, 'run-report');
    } finally {
      await p.close();
    }
  });

  it('renders hostile values as text: no dialog, no injected element', async () => {
    const run = join(chrome.dir, 'hostile');
    writeSyntheticRun(run, { events: 3000, hostile: true, lost: 8 });
    const file = await writeRunReport(run);
    const p = await openPage(chrome.browser, file);
    try {
      // Hover over every op of the timeline's first screen, so tooltips render values too.
      const box = await p.page.locator('.tl-scroll').boundingBox();
      if (box) {
        for (let y = 5; y < box.height; y += 7) await p.page.mouse.move(box.x + 110, box.y + y);
      }
      assert.deepEqual(p.dialogs, []);
      assert.deepEqual(p.errors, []);
      assert.equal(await p.page.locator('img').count(), 0);
      // A string expression: the test's tsconfig has no DOM types.
      const scripts = await p.page.evaluate<{ type: string | null; text: string }[]>(
        "Array.from(document.scripts).map((e) => ({ type: e.getAttribute('type'), text: e.textContent || '' }))",
      );
      assert.ok(scripts.every((s) => s.text.trim() !== 'alert(1)'));
      assert.ok(scripts.filter((s) => s.type === null).every((s) => !s.text.includes('alert(1)')));
      assert.equal(await p.page.locator('[onerror]').count(), 0);
      const text = await p.page.locator('body').innerText();
      assert.ok(text.includes(XSS_SCRIPT), 'the script payload is shown as text');
      assert.ok(text.includes(XSS_IMG), 'the img payload is shown as text');
      const raw = readFileSync(file, 'utf8');
      assert.ok(!raw.includes(XSS_SCRIPT) && !raw.includes('<img'));
      assert.ok(!/\s(src|href)=["']?(https?:)?\/\//i.test(raw), 'no external URL in a src or href');
      await screenshot(p.page, 'run-report-hostile', false);
    } finally {
      await p.close();
    }
  });

  it('a part that fails to draw leaves a message; the rest of the page is drawn', async () => {
    const run = join(chrome.dir, 'broken');
    writeSyntheticRun(run, { events: 1000 });
    const file = await writeRunReport(run);
    // Corrupt the embedded timeline: a later duplicate key wins in JSON.parse.
    const page = readFileSync(file, 'utf8').replace(',"window":', ',"ops":null,"window":');
    writeFileSync(file, page);
    const p = await openPage(chrome.browser, file);
    try {
      assert.match(
        (await p.page.textContent('#timeline-root .render-error')) ?? '',
        /Could not draw the timeline/,
      );
      assert.equal(await p.page.locator('#plot-latency canvas').count(), 1);
      assert.deepEqual(p.errors, []);
    } finally {
      await p.close();
    }
  });

  it('compare shows each run of three modes with its own numbers', async () => {
    const modes = ['async', 'wait', 'multi'] as const;
    const runs = modes.map((mode, i) => {
      const d = join(chrome.dir, `cmp-${mode}`);
      return { d, r: writeSyntheticRun(d, { mode, seed: 7 + i, events: 3000, lost: 5 + 10 * i }) };
    });
    const out = await writeCompareReport(
      runs.map((x) => x.d),
      join(chrome.dir, 'compare.html'),
    );
    const p = await openPage(chrome.browser, out);
    try {
      assert.deepEqual(p.errors, []);
      assert.deepEqual(p.requests, [pathToFileURL(out).href]);
      for (const [i, { r }] of runs.entries()) {
        const cell = (m: string): Promise<string | null> =>
          p.page.textContent(`td[data-run="${i}"][data-metric="${m}"]`);
        const set = checkerResult(r, 'set');
        assert.ok(set, 'the synthetic run has a set result');
        assert.equal(
          await cell('lost'),
          set.lost.toLocaleString('en-US'),
          `${r.scenario.mode} lost`,
        );
        assert.equal(await cell('acknowledged'), set.acknowledged.toLocaleString('en-US'));
        assert.equal(await cell('lostPercent'), `${set.lostPercent.toFixed(2)} %`);
        assert.equal((await cell('verdict'))?.trim(), verdictOf(r));
        assert.match((await cell('throughput')) ?? '', /^[\d,]+$/);
      }
      assert.match(
        await p.page.locator('#differs').innerText(),
        /mode[\s\S]*async[\s\S]*wait[\s\S]*multi/,
      );
      await screenshot(p.page, 'compare');
    } finally {
      await p.close();
    }
  });

  it('compare of a persistence sweep: each setting lost as its results.json, loss window, promise, claim', async () => {
    const settings = [
      { persistence: 'none', lost: 12 },
      { persistence: 'aof-everysec', lost: 5 },
      { persistence: 'aof-always', lost: 0 },
    ];
    const runs = settings.map(({ persistence, lost }) => {
      const d = join(chrome.dir, `sweep-${persistence}`);
      const r = writeSyntheticRun(d, { persistence, seed: 5, events: 3000, lost });
      // A power loss 300 ms after the last lost write was acknowledged: the loss window's fault.
      const acks = (checkerResult(r, 'set')?.lostWrites ?? []).map((w) => w.complete ?? w.invoke);
      if (acks.length > 0) {
        const at = Math.max(...acks) + 300e6;
        r.faults.push({ fault: 'power-loss', target: 'primary', start: at, end: at + 1e9 });
        writeResults(d, r);
      }
      const scenario = JSON.parse(readFileSync(join(d, 'scenario.json'), 'utf8')) as object;
      const claim = { id: 'C5c', text: `${persistence} <b>loses</b> nothing` };
      writeFileSync(
        join(d, 'scenario.json'),
        JSON.stringify({ ...scenario, claim, expect: ['set.lost == 0'] }),
      );
      mkdirSync(join(d, 'nodes', 'n1'), { recursive: true });
      writeFileSync(join(d, 'nodes', 'n1', 'info.txt'), `aof_delayed_fsync:${lost + 1}\r\n`);
      return { d, r };
    });
    const out = await writeCompareReport(
      runs.map((x) => x.d),
      join(chrome.dir, 'sweep.html'),
      { judge: judgeRun },
    );
    const p = await openPage(chrome.browser, out);
    try {
      assert.deepEqual(p.errors, []);
      assert.deepEqual(p.requests, [pathToFileURL(out).href]);
      for (const [i, { r }] of runs.entries()) {
        const cell = async (m: string): Promise<string> =>
          ((await p.page.textContent(`td[data-run="${i}"][data-metric="${m}"]`)) ?? '').trim();
        const set = checkerResult(r, 'set');
        assert.ok(set);
        assert.equal(await cell('lost'), set.lost.toLocaleString('en-US'), r.scenario.persistence);
        assert.equal(await cell('aofDelayedFsync'), String(set.lost + 1));
        const { windows, afterLastStart } = lossWindows(r, set.lostWrites);
        const lossCell = await cell('lossWindow');
        if (set.lost === 0) assert.equal(lossCell, 'nothing lost');
        else {
          assert.equal(windows.length, 1);
          assert.equal(afterLastStart, 0);
          const oldest = Math.min(...set.lostWrites.map((w) => w.complete ?? w.invoke));
          const max = Math.round(
            (Math.max(...set.lostWrites.map((w) => w.complete ?? w.invoke)) + 300e6 - oldest) / 1e6,
          );
          assert.equal(windows[0]?.windowMs, max);
          assert.equal(windows[0]?.lost, set.lost);
          assert.equal(lossCell, `${max.toLocaleString('en-US')} ms`);
        }
        assert.match(await cell('writeP99'), /^[\d.,]+ ms$/);
        assert.match(await cell('claim'), /loses <b>loses<\/b> nothing|<b>loses<\/b>/);
        assert.match(await cell('expectations'), new RegExp(`set.lost == 0\\s*${set.lost === 0}`));
      }
      assert.equal(await p.page.locator('td b').count(), 0, 'the claim text is escaped');
      assert.equal(
        (await p.page.textContent('td[data-run="2"][data-metric="held"]'))?.trim(),
        'yes',
      );
      assert.match(
        (await p.page.textContent('td[data-run="2"][data-metric="promise"]')) ?? '',
        /nothing/,
      );
    } finally {
      await p.close();
    }
  });

  it('check --report draws the lanes of a non-linearizable history and jumps to the first error', async () => {
    const out = join(chrome.dir, 'check.html');
    // Porcupine's histories ship with the repository (test/fixtures/porcupine).
    const file = join(REPO, 'test', 'fixtures', 'porcupine', 'kv', 'c10-bad.txt');
    await exec(process.execPath, [
      join(REPO, 'bin', 'redcheck.js'),
      'check',
      file,
      '--report',
      out,
    ]).catch((e: { code?: number }) => {
      if (e.code !== 1) throw e;
    });
    const p = await openPage(chrome.browser, out);
    try {
      assert.deepEqual(p.errors, []);
      assert.equal(await p.page.textContent('#verdict'), 'invalid');
      assert.ok((await p.page.locator('.lane-op.bad').count()) >= 1);
      assert.ok((await p.page.locator('.lane-op.placed').count()) >= 1);
      await p.page.click('#jump-first-error');
      assert.equal(await p.page.locator('.lane-op.bad.flash').count(), 1);
      await screenshot(p.page, 'check-report');
    } finally {
      await p.close();
    }
  });

  it("check --report of a list-append history shows Elle's verdict, each anomaly and its cycle", async () => {
    const out = join(chrome.dir, 'check-append.html');
    const file = join(REPO, 'test', 'fixtures', 'elle', 'write-skew.edn');
    const run = await exec(process.execPath, [
      join(REPO, 'bin', 'redcheck.js'),
      'check',
      '--model',
      'list-append',
      '--json',
      file,
      '--report',
      out,
    ]).catch((e: { code?: number; stdout?: string }) => {
      if (e.code !== 1) throw e;
      return { stdout: e.stdout ?? '' };
    });
    const json = JSON.parse(run.stdout.trim().split('\n')[0] ?? '{}') as {
      valid?: unknown;
      anomalies?: Record<string, unknown[]>;
    };
    const p = await openPage(chrome.browser, out);
    try {
      assert.deepEqual(p.errors, []);
      assert.equal(await p.page.textContent('#verdict'), 'invalid');
      assert.equal((await p.page.textContent('#append-valid'))?.trim(), 'false');
      const types = await p.page.evaluate<string[]>(
        "Array.from(document.querySelectorAll('tr[data-anomaly]')).map((r) => r.getAttribute('data-anomaly'))",
      );
      assert.ok(types.length > 0);
      assert.deepEqual(types.sort(), Object.keys(json.anomalies ?? {}).sort());
      assert.ok((await p.page.locator('svg.cycle').count()) >= 1, 'the cycle is drawn');
      assert.equal(await p.page.locator('#lanes-root').count(), 0, 'no linearizability lanes');
    } finally {
      await p.close();
    }
  });
});
