import assert from 'node:assert/strict';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { LOSS_CAUSES_SHOWN } from '../../src/checker/lossCauses/index.js';
import { writeRunReport } from '../../reports/index.js';
import { checkerResult } from '../../src/store/index.js';
import { openPage, screenshot, useChromium } from '../support/browser.js';
import { writeSyntheticRun } from './syntheticRun.js';

/** The run page's first screen (1400 x 900) tells the story: verdict, lost, causes, nodes, strip. */
describe('run page first screen in headless Chromium', function () {
  this.timeout(120_000);
  const chrome = useChromium('redcheck-first-screen-');

  it('shows verdict, lost with separators and percent, causes (unexplained first, red), lost by node and the strip above the fold; causes match results.json', async () => {
    const run = join(chrome.dir, 'run');
    const results = writeSyntheticRun(run, {
      events: 120_000,
      lost: 1200,
      unexplained: 40,
      workers: 100,
    });
    const set = checkerResult(results, 'set') ?? assert.fail('no set result');
    const causes = results.causes ?? assert.fail('no causes');
    assert.ok(set.lost > 1000, `a loss over 1,000 (${set.lost})`);
    for (const node of ['n1', 'n3']) {
      mkdirSync(join(run, 'nodes', node), { recursive: true });
      writeFileSync(join(run, 'nodes', node, 'redis.log'), `${node} log\n`);
    }
    const file = await writeRunReport(run);
    const p = await openPage(chrome.browser, file, 1400);
    try {
      assert.deepEqual(p.errors, []);
      const { page } = p;
      const inFirstScreen = async (sel: string): Promise<void> => {
        const box = await page.locator(sel).boundingBox();
        assert.ok(box, `${sel} is drawn`);
        assert.ok(
          box.y >= 0 && box.y + Math.min(box.height, 40) <= 900,
          `${sel} starts within the first 900 px (y ${box.y})`,
        );
      };
      for (const sel of [
        '#verdict',
        '#story-lost',
        '#story-percent',
        '#story-causes',
        '#story-nodes',
        '#loss-strip svg',
      ]) {
        await inFirstScreen(sel);
      }
      assert.equal(await page.textContent('#verdict'), 'invalid');
      assert.equal(await page.textContent('#story-lost'), set.lost.toLocaleString('en-US'));
      assert.match(set.lost.toLocaleString('en-US'), /,/);
      const pct = (100 * set.lost) / set.acknowledged;
      assert.equal(
        await page.textContent('#story-percent'),
        `${pct.toLocaleString('en-US', { maximumFractionDigits: 2, minimumFractionDigits: 2 })}%`,
      );
      // Causes: one row per cause with lost writes, unexplained first and red, counts as stored.
      const rows = page.locator('#story-causes tbody tr');
      const shown = LOSS_CAUSES_SHOWN.filter((c) => causes.counts[c] > 0);
      assert.deepEqual(shown, ['unexplained', 'failover']);
      assert.equal(await rows.count(), shown.length);
      for (const [i, c] of shown.entries()) {
        assert.equal(await rows.nth(i).getAttribute('data-cause'), c);
        assert.equal(
          await rows.nth(i).locator('td').first().textContent(),
          causes.counts[c].toLocaleString('en-US'),
        );
      }
      assert.equal(causes.counts.unexplained, 40);
      const red = await page.evaluate<string>(
        "getComputedStyle(document.querySelector('#story-causes tbody tr th')).color",
      );
      assert.equal(red, 'rgb(179, 18, 43)', 'unexplained is red');
      assert.match(
        (await page.locator('#story-sentences li').first().textContent()) ?? '',
        /^unexplained: 40 writes acknowledged by n3/,
      );
      // Lost by node.
      for (const [node, n] of Object.entries(causes.byNode)) {
        assert.equal(
          await page.locator(`#story-nodes tr[data-node="${node}"] td`).textContent(),
          n.toLocaleString('en-US'),
        );
      }
      // The strip: the fault band, the failover line, a bar per bucket with lost writes.
      assert.equal(
        await page.locator('#loss-strip rect.strip-fault').count(),
        results.faults.length,
      );
      assert.equal(
        await page.locator('#loss-strip line.strip-failover').count(),
        results.failovers?.length ?? 0,
      );
      const bars = Object.values(causes.buckets.counts)
        .flatMap((b) => b ?? [])
        .filter((v) => v > 0).length;
      assert.equal(await page.locator('#loss-strip rect.strip-lost').count(), bars);
      assert.match(
        (await page.textContent('#loss-strip figcaption')) ?? '',
        /failover \(a new primary\)/,
      );
      assert.match(
        (await page.textContent('#plots .legend-note')) ?? '',
        /failover \(a new primary\)/,
      );
      // Every plot shares the run's x axis: 0 to the end of the run, as the strip does.
      const endS = Number(await page.getAttribute('#loss-strip', 'data-end-s'));
      const scales = await page.evaluate<[number, number][]>(
        'RC.plots.map((u) => [u.scales.x.min, u.scales.x.max])',
      );
      assert.equal(scales.length, 3);
      for (const s of scales) assert.deepEqual(s, [0, endS]);
      // The samples span the whole loss: the failover list's first and last are the loss's ends.
      const fo = causes.samples.filter((x) => x.cause === 'failover');
      assert.equal(
        await page.locator('details.lost-samples[data-cause="failover"] tbody tr').count(),
        fo.length,
      );
      assert.equal(
        fo[fo.length - 1]?.ack,
        causes.groups.find((g) => g.cause === 'failover')?.lastAck,
      );
      // Each node's name links to its logs, and each log link resolves to a file beside the page.
      for (const node of Object.keys(causes.byNode)) {
        const link = page.locator(`#story-nodes tr[data-node="${node}"] a`);
        assert.equal(await link.getAttribute('href'), `#node-log-${node}`);
        const href = await page.locator(`#node-log-${node} a`).first().getAttribute('href');
        assert.ok(href && existsSync(join(run, href)), `${href} exists`);
      }
      assert.ok((await page.locator('details.lost-samples a[href^="#node-log-"]').count()) > 0);
      await screenshot(page, 'first-screen-1400', false);
    } finally {
      await p.close();
    }
    // No horizontal overflow at 900 px.
    const narrow = await openPage(chrome.browser, file, 900);
    try {
      const width = Number(await narrow.page.evaluate('document.documentElement.scrollWidth'));
      assert.ok(width <= 900, `page is ${width} px wide at 900`);
    } finally {
      await narrow.close();
    }
  });
});
