import { errorMessage } from '../errors.js';
import type { DockerDeployment } from '../cluster/index.js';

/** How settling after the heal went (goes into `results.json` as `settle`). */
export interface SettleOutcome {
  settled: boolean;
  ms: number;
  /** Name of the agreed primary (`n2`), when there is one. */
  primary?: string;
  /** What was still wrong when the bounded wait ended. */
  reason?: string;
}

/**
 * Wait (at most `timeoutMs`) until one primary is agreed (by the sentinels when there are
 * any) and every replica is linked to it with its offset caught up. Never throws: a
 * deployment that never settles is reported, and the primary is then the best guess.
 */
export async function settle(d: DockerDeployment, timeoutMs: number): Promise<SettleOutcome> {
  const t0 = Date.now();
  try {
    const report = await d.waitHealthy(timeoutMs, { caughtUp: true });
    const ms = Date.now() - t0;
    let primary = d.nodes.find((n) => n.ip === report.primaryIp)?.name;
    if (primary === undefined) primary = (await d.currentPrimary().catch(() => undefined))?.name;
    const out: SettleOutcome = { settled: report.problems.length === 0, ms };
    if (primary !== undefined) out.primary = primary;
    if (report.problems.length > 0) {
      out.reason = `not settled after ${timeoutMs} ms: ${report.problems.join('; ')}`;
    }
    return out;
  } catch (e) {
    return {
      settled: false,
      ms: Date.now() - t0,
      reason: `settle check failed: ${errorMessage(e)}`,
    };
  }
}
