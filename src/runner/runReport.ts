/**
 * Write `report.html` (and friends) for a finished run if the reports module provides
 * `writeRunReport(runDir, options)`. A missing module or a failing report never fails the run.
 */
import { errorMessage } from '../errors.js';
import { scenarioDefaults } from './scenario/scenarioDefaults.js';
export async function writeReportIfAvailable(
  runDir: string,
  log: (line: string) => void,
): Promise<void> {
  const specifier = '../../reports/index.js';
  let mod: unknown;
  try {
    mod = await import(specifier);
  } catch {
    return;
  }
  const fn =
    mod && typeof mod === 'object' && 'writeRunReport' in mod ? mod.writeRunReport : undefined;
  if (typeof fn !== 'function') return;
  try {
    // The page compares the scenario with the defaults, which only the runner can resolve.
    await (fn as (dir: string, options: object) => Promise<unknown>)(runDir, { scenarioDefaults });
  } catch (e) {
    log(`[runner] warning: report failed: ${errorMessage(e)}`);
  }
}
