import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { LOSS_CAUSES_SHOWN } from '../../src/checker/lossCauses/index.js';
import { checkerResult, readStoredRun } from '../../src/store/index.js';
import { useDockerScratch } from '../support/dockerScratch.js';
import { checkNoLeftovers } from '../support/leftovers.js';
import { launchChromium, openPage, requireChromium, screenshot } from '../support/browser.js';

const BIN = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'bin', 'redcheck.js');

function redcheck(args: string[]): Promise<number | null> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 2) reject(new Error(`redcheck ${args.join(' ')} exited 2:\n${stderr}`));
      else resolve(code);
    });
  });
}

describe('the report of a real run @docker', function () {
  this.timeout(300_000);
  checkNoLeftovers();
  const scratch = useDockerScratch('redcheck-real-report-');
  before(function () {
    requireChromium(this);
  });

  it('opens the page a short replication run wrote: verdict and lost count as in results.json', async () => {
    const code = await redcheck([
      'run',
      '--topology',
      'replication',
      '--replicas',
      '1',
      '--mode',
      'async',
      '--nemesis',
      'kill:primary',
      '--nemesis-interval',
      '2s',
      '--time-limit',
      '6s',
      '--concurrency',
      '4',
      '--seed',
      '11',
      '--store',
      scratch.dir,
    ]);
    assert.ok(code === 0 || code === 1 || code === 3, `exit ${code}`);
    const runDir = readdirSync(scratch.dir, { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .map((d) => join(scratch.dir, d.name))
      .find((d) => existsSync(join(d, 'results.json')));
    assert.ok(runDir, `no run directory in ${scratch.dir}`);
    // Through the store's reader: the run's results.json must match the schema.
    const results = readStoredRun(runDir).results;
    // `redcheck report` writes the page (and the CI outputs) again from the stored files.
    assert.equal(await redcheck(['report', runDir]), 0);
    for (const f of ['report.html', 'junit.xml', 'summary.md']) {
      assert.ok(existsSync(join(runDir, f)), f);
    }
    const file = join(runDir, 'report.html');
    const browser = await launchChromium();
    try {
      const p = await openPage(browser, file);
      assert.deepEqual(p.errors, []);
      assert.deepEqual(p.requests, [pathToFileURL(file).href]);
      const verdict =
        results.valid === true ? 'valid' : results.valid === false ? 'invalid' : 'unknown';
      assert.equal(await p.page.textContent('#verdict'), verdict);
      assert.equal(
        await p.page.textContent('#lost-count'),
        (checkerResult(results, 'set')?.lost ?? 0).toLocaleString('en-US'),
      );
      assert.equal(await p.page.locator('.render-error').count(), 0);
      assert.equal(await p.page.locator('#plot-latency canvas').count(), 1);
      // The causes on the page are results.json's: one row per cause with lost writes.
      const causes = results.causes ?? assert.fail('the run stored no loss causes');
      const shown = LOSS_CAUSES_SHOWN.filter((c) => causes.counts[c] > 0);
      assert.equal(await p.page.locator('#story-causes tbody tr').count(), shown.length);
      for (const c of shown) {
        assert.equal(
          await p.page.getAttribute(
            `#story-causes tr[data-cause="${c}"] td[data-count]`,
            'data-count',
          ),
          String(causes.counts[c]),
          c,
        );
      }
      // The scenario against the resolver's defaults: what differs says its default.
      const row = (k: string) => p.page.locator(`#scenario-settings tr[data-setting="${k}"] td`);
      assert.deepEqual(await row('topology').allTextContents(), ['replication', 'sentinel']);
      assert.deepEqual(await row('concurrency').allTextContents(), ['4', '10']);
      assert.equal(await p.page.locator('#scenario-settings tr[data-setting^="wait"]').count(), 0);
      // The timeline's last window reaches the end of the workload.
      assert.match((await p.page.textContent('#timeline-note')) ?? '', /across the whole run/);
      await screenshot(p.page, 'real-run-report');
      await p.close();
    } finally {
      await browser.close();
    }
  });
});
