import assert from 'node:assert/strict';
import { join } from 'node:path';
import { writeRunReport } from '../../reports/index.js';
import { openPage, screenshot, useChromium } from '../support/browser.js';
import { writeSyntheticRun } from './syntheticRun.js';

/** The window the timeline shows, as its label says: `window k of n: why; a s to b s, c ops`. */
function windowOf(label: string | null): { k: number; n: number; from: number; to: number } {
  const m = /^window (\d+) of (\d+): .*; ([\d.]+) s to ([\d.]+) s, [\d,]+ ops$/.exec(label ?? '');
  assert.ok(m, `a window label: ${label}`);
  return { k: Number(m[1]), n: Number(m[2]), from: Number(m[3]), to: Number(m[4]) };
}

describe('run page timeline over the whole run in headless Chromium', function () {
  this.timeout(120_000);
  const chrome = useChromium('redcheck-timeline-');

  it('steps through windows from the start to the end of the run; the overview and #op-N open the window of an op', async () => {
    const run = join(chrome.dir, 'run');
    const durationS = 60;
    writeSyntheticRun(run, { events: 80_000, durationS, lost: 300, workers: 10 });
    const file = await writeRunReport(run);
    const p = await openPage(chrome.browser, file, 1400);
    try {
      const { page } = p;
      assert.deepEqual(p.errors, []);
      assert.match(
        (await page.textContent('#timeline-note')) ?? '',
        /^showing [\d,]+ of [\d,]+ ops, \d+ windows across the whole run \(0 to [\d.]+ s\)\.$/,
      );
      assert.equal(await page.locator('#timeline-overview').count(), 1);
      // It opens on the window of the first lost write.
      const first = windowOf(await page.textContent('#timeline-window'));
      assert.match((await page.textContent('#timeline-window')) ?? '', /lost write/);
      // Earlier, to the first window: it starts at the start of the run.
      for (let k = first.k; k > 1; k--) await page.click('.tl-prev');
      const start = windowOf(await page.textContent('#timeline-window'));
      assert.equal(start.k, 1);
      assert.ok(start.from < 0.05 * durationS, `the first window starts at ${start.from} s`);
      assert.ok(await page.locator('.tl-prev').isDisabled());
      // Later, window by window, to the last: it ends near the end; no window is far from the last.
      let last = start;
      for (let k = 1; k < start.n; k++) {
        await page.click('.tl-next');
        const w = windowOf(await page.textContent('#timeline-window'));
        assert.equal(w.k, last.k + 1);
        assert.ok(w.from >= last.from, 'windows by time');
        assert.ok(w.from - last.to <= durationS / 12 + 1, `a gap before window ${w.k}`);
        last = w;
      }
      assert.ok(last.to > 0.9 * durationS, `the last window ends at ${last.to} s`);
      assert.ok(await page.locator('.tl-next').isDisabled());
      // The overview: a click at its left end opens the first window.
      const box = (await page.locator('#timeline-overview').boundingBox()) ?? assert.fail();
      await page.mouse.click(box.x + 2, box.y + box.height / 2);
      assert.equal(windowOf(await page.textContent('#timeline-window')).k, 1);
      // #op-N of an op in the last window opens that window and selects the op.
      const op = await page.evaluate<number>(
        '(() => { const t = RC.data().timeline; return t.ops.filter((o) => o.w === t.windows.length - 1)[0].i; })()',
      );
      await page.evaluate(`location.hash = '#op-${op}'`);
      await page.locator('#timeline-detail', { hasText: `op #${op}` }).waitFor({ timeout: 5000 });
      assert.equal(windowOf(await page.textContent('#timeline-window')).k, start.n);
      await screenshot(page, 'timeline-last-window', false);
    } finally {
      await p.close();
    }
  });
});
