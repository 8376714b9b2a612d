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

/**
 * `faultSpecsFor` the fixed deployment, kept to `ctx.faultKinds` when given. Throws E_USAGE
 * when none is left, or a listed kind or spec is not among them.
 */
export function faultSpecsOrThrow(ctx: SpaceContext, part: string): string[] {
  const all = faultSpecsFor(ctx.fixed);
  const wanted = ctx.faultKinds;
  const matches = (spec: string, w: string): boolean => spec === w || spec.split(':')[0] === w;
  const bad = wanted?.find((w) => !all.some((spec) => matches(spec, w)));
  if (bad !== undefined) {
    throw new RedcheckError(
      'E_USAGE',
      `--fault-kinds: "${bad}" is no fault kind or spec on topology ${ctx.fixed.topology} with ${ctx.fixed.replicas} replicas`,
      `expected kinds or specs among: ${all.join(' ')}`,
    );
  }
  const specs = wanted === undefined ? all : all.filter((s) => wanted.some((w) => matches(s, w)));
  if (specs.length === 0) {
    throw new RedcheckError(
      'E_USAGE',
      `--vary ${part}: no fault kind runs on topology ${ctx.fixed.topology} with ${ctx.fixed.replicas} replicas`,
      `use --topology replication, sentinel or cluster, or leave ${part} out of --vary`,
    );
  }
  return specs;
}
