import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  compareWithBaseline,
  planSuite,
  readSuiteResult,
  runSuite,
  scenarioFiles,
  writeSuiteOutputs,
} from '../../src/suite/index.js';
import { openPage, screenshot, useChromium } from '../support/browser.js';
import { fakeRunner } from './fakeRun.js';

const XSS = '<img src=x onerror="alert(1)"><script>alert(2)</script>';

describe('suite page in headless Chromium', function () {
  this.timeout(120_000);
  const chrome = useChromium('redcheck-suite-page-');

  it("shows each claim's status as suite.json has it, hostile text as text, no network", async () => {
    const claims = join(chrome.dir, 'claims');
    mkdirSync(claims);
    const write = (name: string, body: object): void =>
      writeFileSync(join(claims, `${name}.json`), JSON.stringify(body));
    write('a-confirmed', {
      claim: { id: 'C1', text: `loses writes ${XSS}` },
      seed: 1,
      expect: ['set.lost > 0'],
    });
    write('b-refuted', {
      claim: { id: 'R1', text: 'no loss' },
      seed: 2,
      expect: ['set.lost == 0'],
    });
    write('c-unknown', { claim: { id: 'R5', text: 'stale reads' }, seed: 3 });
    write('d-error', { claim: { id: 'C4', text: 'lua' }, seed: 4 });
    write('e-pending', {
      claim: { id: 'C5b', text: 'everysec' },
      pending: { issue: 10, reason: `power loss ${XSS}` },
    });
    const plan = planSuite(scenarioFiles([claims]));
    const opts = {
      plan,
      cases: plan,
      shard: null,
      overrides: { store: join(chrome.dir, 'out', 'runs') },
      outDir: join(chrome.dir, 'out'),
      log: () => {},
    };
    const base = await runSuite({
      ...opts,
      runOne: fakeRunner({ 1: { lost: 5 }, 2: { lost: 0 }, 3: {}, 4: {} }),
    });
    writeSuiteOutputs(base, join(chrome.dir, 'base'));
    const tonight = await runSuite({
      ...opts,
      runOne: fakeRunner({
        1: { lost: 50 },
        2: { lost: 7 },
        3: { valid: 'unknown' },
        4: { error: true },
      }),
    });
    const baseFile = join(chrome.dir, 'base', 'suite.json');
    const files = writeSuiteOutputs(
      compareWithBaseline(tonight, readSuiteResult(baseFile), baseFile),
      join(chrome.dir, 'out'),
    );
    const suite = readSuiteResult(files.json);
    assert.deepEqual(
      suite.cases.map((c) => c.status),
      ['confirmed', 'refuted', 'unknown', 'error', 'pending'],
    );

    const p = await openPage(chrome.browser, files.html);
    try {
      assert.deepEqual(p.errors, []);
      assert.deepEqual(p.dialogs, []);
      assert.deepEqual(p.requests, [pathToFileURL(files.html).href]);
      assert.equal(await p.page.locator('#claims-table tbody tr').count(), suite.cases.length);
      for (const c of suite.cases) {
        const row = p.page.locator(`#claims-table tr[data-case="${c.id}"]`);
        assert.equal(await row.locator('.status').textContent(), c.status, c.id);
        assert.equal(await row.locator('th.claim-id').textContent(), c.claim?.id);
        if (c.baseline?.flipped) {
          assert.equal(await row.locator('.flip').textContent(), `was ${c.baseline.status}`);
        }
      }
      assert.equal(await p.page.locator('img[src=x], #claims-table script').count(), 0);
      assert.match((await p.page.textContent('tr[data-case="a-confirmed"]')) ?? '', /<img src=x/);
      assert.match(
        (await p.page.textContent('#baseline-note')) ?? '',
        /3 claim\(s\) flipped, \d+ number\(s\) moved/,
      );
      assert.match(
        (await p.page.textContent('tr[data-case="a-confirmed"]')) ?? '',
        /set\.lost moved 5 → 50/,
      );
      const embedded: unknown = JSON.parse((await p.page.textContent('#redcheck-data')) ?? 'null');
      assert.deepEqual(embedded, suite);
      await screenshot(p.page, 'suite-page');
    } finally {
      await p.close();
    }
  });
});
