import type { Deployment } from '../../src/cluster/index.js';
import type { NemesisContext, NemesisOp } from '../../nemesis/index.js';

/**
 * A nemesis context for a test against a real deployment: the history's clock starts now,
 * the fault options are `options` (the kind's defaults are not filled in), and the ops and
 * log lines go into the arrays given, for the test to look at.
 */
export function nemesisContext(
  deployment: Deployment,
  options: Readonly<Record<string, number | string>> = {},
  kept: { readonly ops?: NemesisOp[]; readonly logs?: string[] } = {},
): NemesisContext {
  const t0 = process.hrtime.bigint();
  const ops = kept.ops ?? [];
  const logs = kept.logs ?? [];
  return {
    deployment,
    record: (op) => void ops.push(op),
    now: () => Number(process.hrtime.bigint() - t0),
    log: (l) => void logs.push(l),
    options,
  };
}
