import { renderSuitePage } from '../../reports/index.js';
import { writeOutputFolder } from '../common/writeOutputFolder.js';
import { suiteJunitXml } from './junit.js';
import { suiteSummaryMarkdown } from './summaryMarkdown.js';
import type { SuiteResult } from './suiteResult.js';

export interface SuiteOutputs {
  json: string;
  html: string;
  junit: string;
  summary: string;
}

/**
 * Write `suite.json`, `suite.html`, `junit.xml` and `summary.md` into `outDir` (created when
 * missing; E_OUTPUT_UNWRITABLE when it cannot be written).
 */
export function writeSuiteOutputs(result: SuiteResult, outDir: string): SuiteOutputs {
  return writeOutputFolder(
    outDir,
    {
      json: { name: 'suite.json', content: JSON.stringify(result, null, 2) + '\n' },
      html: { name: 'suite.html', content: renderSuitePage(result) },
      junit: { name: 'junit.xml', content: suiteJunitXml(result) },
      summary: { name: 'summary.md', content: suiteSummaryMarkdown(result) },
    },
    '--out',
  );
}
