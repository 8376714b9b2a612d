import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderExplorePage } from '../../reports/explorePage.js';
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
 * scenario as `minimal.json` (a copy of its candidate's scenario file) into `outDir`.
 */
export function writeExploreOutputs(result: ExploreResult, outDir: string): ExploreOutputs {
  mkdirSync(outDir, { recursive: true });
  const out: ExploreOutputs = {
    json: join(outDir, 'explore.json'),
    html: join(outDir, 'explore.html'),
    junit: join(outDir, 'junit.xml'),
  };
  writeFileSync(out.json, JSON.stringify(result, null, 2) + '\n');
  writeFileSync(out.html, renderExplorePage(result));
  writeFileSync(out.junit, exploreJunitXml(result));
  const min = result.candidates.find((c) => c.id === result.minimal);
  if (min?.scenarioFile !== undefined) {
    out.minimal = join(outDir, 'minimal.json');
    copyFileSync(join(outDir, min.scenarioFile), out.minimal);
  }
  return out;
}
