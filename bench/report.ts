/**
 * The run page at scale: for a generated history of 1,000,000 ops (history events: invokes,
 * completions and nemesis events), the time to write report.html, its size, and the time until
 * the page has drawn in headless Chromium. Targets: <= 20 s, <= 30 MB, <= 3 s.
 */
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeRunReport } from '../reports/index.js';
import { CHROMIUM, launchChromium, openPage } from '../test/support/browser.js';
import { writeSyntheticRun } from '../test/reports/syntheticRun.js';
import { printTable } from './table.js';

const EVENTS = 1_000_000;
const TARGET_WRITE_S = 20;
const TARGET_MB = 30;
const TARGET_DRAW_S = 3;

export async function run(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'redcheck-bench-report-'));
  try {
    const run = join(dir, 'run');
    let t = performance.now();
    writeSyntheticRun(run, { events: EVENTS, durationS: 300, workers: 20, lost: 500 });
    const genS = (performance.now() - t) / 1000;
    const historyMb = statSync(join(run, 'history.jsonl')).size / 1e6;

    t = performance.now();
    const file = await writeRunReport(run);
    const writeS = (performance.now() - t) / 1000;
    const mb = statSync(file).size / 1e6;

    let drawS: number | undefined;
    let drawNote = '';
    if (existsSync(CHROMIUM)) {
      const browser = await launchChromium();
      try {
        const p = await openPage(browser, file);
        drawS = p.drawnMs / 1000;
        if (p.errors.length > 0) drawNote = `page errors: ${p.errors.join(' | ')}`;
        await p.close();
      } finally {
        await browser.close();
      }
    } else drawNote = `no Chromium at ${CHROMIUM}`;

    const ok = (v: number | undefined, target: number): string =>
      v === undefined ? 'n/a' : v <= target ? 'ok' : 'MISSED';
    printTable(
      `report of a generated ${EVENTS.toLocaleString('en-US')}-op history (${historyMb.toFixed(0)} MB history.jsonl, generated in ${genS.toFixed(1)} s)`,
      ['measure', 'value', 'target', 'result'],
      [
        ['write report.html (s)', writeS, `<= ${TARGET_WRITE_S}`, ok(writeS, TARGET_WRITE_S)],
        ['report.html size (MB)', mb, `<= ${TARGET_MB}`, ok(mb, TARGET_MB)],
        ['drawn in Chromium (s)', drawS ?? '-', `<= ${TARGET_DRAW_S}`, ok(drawS, TARGET_DRAW_S)],
      ],
    );
    if (drawNote) console.log(drawNote);
    const missed =
      writeS > TARGET_WRITE_S ||
      mb > TARGET_MB ||
      drawS === undefined ||
      drawS > TARGET_DRAW_S ||
      drawNote !== '';
    if (missed) process.exitCode = 1;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
