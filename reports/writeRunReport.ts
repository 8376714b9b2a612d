import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readStoredRun, type RunResults } from '../src/store/index.js';
import { escapeHtml } from './escape.js';
import { junitXml } from './junit.js';
import { renderRunPage, type RunPageOptions } from './runPage.js';
import { summaryMarkdown } from './summaryMarkdown.js';

/**
 * Write `<runDir>/report.html` from the run's stored files (results.json, scenario.json,
 * history.jsonl), and beside it the CI outputs `junit.xml` and `summary.md`; return the page's
 * path. Throws RedcheckError when results.json is missing or malformed.
 */
export async function writeRunReport(
  runDir: string,
  options: RunPageOptions = {},
): Promise<string> {
  const files = readStoredRun(runDir);
  writeJunitXml(runDir, files.results);
  writeSummaryMarkdown(runDir, files.results);
  const out = join(runDir, 'report.html');
  writeFileSync(out, await renderRunPage(files, options));
  return out;
}

/** Write `<runDir>/junit.xml` (one test case per checker) and return its path. */
export function writeJunitXml(runDir: string, results: RunResults): string {
  const out = join(runDir, 'junit.xml');
  writeFileSync(out, junitXml(results));
  return out;
}

/** Write `<runDir>/summary.md` (verdict, counts, re-run command) and return its path. */
export function writeSummaryMarkdown(runDir: string, results: RunResults): string {
  const out = join(runDir, 'summary.md');
  writeFileSync(out, summaryMarkdown(results));
  return out;
}

/** What `writeRunOutputs` wrote, and what it could not. */
export interface RunOutputs {
  written: string[];
  /** One message per output that failed; the run goes on regardless. */
  problems: string[];
}

/**
 * Everything the runner writes after checking: report.html, junit.xml and summary.md. Never
 * throws: a failure to build the page leaves a minimal page that says what went wrong, so a
 * rendering problem never fails the run.
 */
export async function writeRunOutputs(
  runDir: string,
  results: RunResults,
  options: RunPageOptions = {},
): Promise<RunOutputs> {
  const written: string[] = [];
  const problems: string[] = [];
  const attempt = (what: string, fn: () => string): void => {
    try {
      written.push(fn());
    } catch (e) {
      problems.push(`${what}: ${e instanceof Error ? e.message : String(e)}`);
    }
  };
  try {
    written.push(await writeRunReport(runDir, options));
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    problems.push(`report.html: ${why}`);
    attempt('junit.xml', () => writeJunitXml(runDir, results));
    attempt('summary.md', () => writeSummaryMarkdown(runDir, results));
    attempt('report.html (fallback)', () => {
      const out = join(runDir, 'report.html');
      writeFileSync(
        out,
        `<!doctype html><meta charset="utf-8"><title>redcheck ${escapeHtml(results.run)}</title><h1>redcheck run ${escapeHtml(results.run)}: ${escapeHtml(String(results.valid))}</h1><p>The full report could not be built: ${escapeHtml(why)}</p><p>Re-run: <code>${escapeHtml(results.command)}</code></p>`,
      );
      return out;
    });
  }
  return { written, problems };
}
