import { RedcheckError } from '../errors.js';
import type { ResolvedScenario } from '../runner/scenario.js';
import type { SpaceContext } from './varyPart.js';
import {
  FAULT_KINDS,
  checkSpecsFor,
  formatFaultSpec,
  parseFaultSpec,
} from '../../nemesis/index.js';

/**
 * Every `fault:target` spec the registry offers on this deployment, in registry order (the
 * order fast-check shrinks towards). Node names (`n2`) are left out: `primary` and `random`
 * cover them.
 */
export function faultSpecsFor(s: ResolvedScenario): string[] {
  const nodeCount = s.shards === undefined ? s.replicas + 1 : s.shards * (s.replicas + 1);
  const out: string[] = [];
  for (const kind of FAULT_KINDS) {
    const targets = kind.targets.length === 0 ? [undefined] : kind.targets;
    for (const target of targets) {
      const spec = parseFaultSpec(target === undefined ? kind.name : `${kind.name}:${target}`);
      try {
        checkSpecsFor([spec], { topology: s.topology, nodeCount });
        out.push(formatFaultSpec(spec));
      } catch {
        // not on this topology or too few nodes
      }
    }
  }
  return [...new Set(out)];
}

/** `faultSpecsFor` the fixed deployment; throws E_USAGE when it offers none. */
export function faultSpecsOrThrow(ctx: SpaceContext, part: string): string[] {
  const specs = faultSpecsFor(ctx.fixed);
  if (specs.length === 0) {
    throw new RedcheckError(
      'E_USAGE',
      `--vary ${part}: no fault kind runs on topology ${ctx.fixed.topology} with ${ctx.fixed.replicas} replicas`,
      `use --topology replication, sentinel or cluster, or leave ${part} out of --vary`,
    );
  }
  return specs;
}
