import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderSuitePage } from '../../reports/index.js';
import { suiteJunitXml } from './junit.js';
import { suiteSummaryMarkdown } from './summaryMarkdown.js';
import type { SuiteResult } from './suiteResult.js';

export interface SuiteOutputs {
  json: string;
  html: string;
  junit: string;
  summary: string;
}

/** Write `suite.json`, `suite.html`, `junit.xml` and `summary.md` into `outDir`. */
export function writeSuiteOutputs(result: SuiteResult, outDir: string): SuiteOutputs {
  mkdirSync(outDir, { recursive: true });
  const out: SuiteOutputs = {
    json: join(outDir, 'suite.json'),
    html: join(outDir, 'suite.html'),
    junit: join(outDir, 'junit.xml'),
    summary: join(outDir, 'summary.md'),
  };
  writeFileSync(out.json, JSON.stringify(result, null, 2) + '\n');
  writeFileSync(out.html, renderSuitePage(result));
  writeFileSync(out.junit, suiteJunitXml(result));
  writeFileSync(out.summary, suiteSummaryMarkdown(result));
  return out;
}
