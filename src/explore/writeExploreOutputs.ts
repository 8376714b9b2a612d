import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderExplorePage } from '../../reports/explorePage.js';
import { writeOutputFolder } from '../common/writeOutputFolder.js';
import type { ExploreResult } from './exploreResult.js';
import { exploreJunitXml } from './junit.js';

export interface ExploreOutputs {
  json: string;
  html: string;
  junit: string;
  /** The minimal scenario as a scenario file, when one was found and written. */
  minimal?: string;
}

/**
 * Write `explore.json`, `explore.html`, `junit.xml` and, with a counterexample, the minimal
 * scenario as `minimal.json` (a copy of its candidate's scenario file) into `outDir` (created
 * when missing; E_OUTPUT_UNWRITABLE when it cannot be written).
 */
export function writeExploreOutputs(result: ExploreResult, outDir: string): ExploreOutputs {
  const min = result.candidates.find((c) => c.id === result.minimal);
  const files = {
    json: { name: 'explore.json', content: JSON.stringify(result, null, 2) + '\n' },
    html: { name: 'explore.html', content: renderExplorePage(result) },
    junit: { name: 'junit.xml', content: exploreJunitXml(result) },
  };
  const what = '--out';
  if (min?.scenarioFile === undefined) return writeOutputFolder(outDir, files, what);
  const minimal = { name: 'minimal.json', content: readFileSync(join(outDir, min.scenarioFile)) };
  return writeOutputFolder(outDir, { ...files, minimal }, what);
}
