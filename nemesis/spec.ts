import { RedcheckError } from '../src/errors.js';
import type { Topology } from '../src/cluster/types.js';
import { isNodeName, type FaultKind } from './faultKind.js';
import { FAULT_NAMES, faultKind, findFaultKind } from './registry.js';

/** One parsed `fault[:target]` item of `--nemesis`, with the default target filled in. */
export interface FaultSpec {
  /** A fault kind's name (`partition`, `kill`, ...). */
  readonly fault: string;
  /** The target, resolved to the kind's default; absent for faults that take none. */
  readonly target?: string;
}

function validTargets(kind: FaultKind): string {
  const names = [...kind.targets, ...(kind.nodeName ? ['a node name (n1, n2, ...)'] : [])];
  return names.length === 0 ? '(none: it takes no target)' : names.join(', ');
}

/** Parse one `fault[:target]` item. Throws `E_NEMESIS_SPEC` naming the valid values. */
export function parseFaultSpec(item: string): FaultSpec {
  const text = item.trim();
  const colon = text.indexOf(':');
  const fault = colon < 0 ? text : text.slice(0, colon);
  const target = colon < 0 ? undefined : text.slice(colon + 1);
  const kind = findFaultKind(fault);
  if (kind === undefined) {
    throw new RedcheckError(
      'E_NEMESIS_SPEC',
      `unknown nemesis fault '${fault}' in '${item}'`,
      `use one of: ${FAULT_NAMES.join(', ')} (as fault[:target], comma-separated), or none`,
    );
  }
  const resolved = target ?? kind.defaultTarget;
  const ok =
    resolved === undefined
      ? kind.defaultTarget === undefined
      : kind.targets.includes(resolved) || (kind.nodeName && isNodeName(resolved));
  if (!ok || (target === '' && kind.defaultTarget !== undefined)) {
    throw new RedcheckError(
      'E_NEMESIS_SPEC',
      `unknown target '${target ?? ''}' for nemesis fault '${kind.name}' in '${item}'`,
      `targets of ${kind.name}: ${validTargets(kind)}`,
    );
  }
  return resolved === undefined ? { fault: kind.name } : { fault: kind.name, target: resolved };
}

/**
 * One choice of `--nemesis`: a fault, or faults joined with `+` that hold at the same time
 * (`partition:primary-with-clients+kill:primary`: a partition during which the primary is
 * also killed). Parts are of different kinds: a kind's nemesis holds one fault at a time.
 */
export type FaultChoice = readonly FaultSpec[];

/** Parse one `--nemesis` item: `fault[:target]`, or parts joined with `+`. */
export function parseFaultChoice(item: string): FaultChoice {
  const parts = item.split('+');
  if (parts.some((p) => p.trim() === '')) {
    throw new RedcheckError(
      'E_NEMESIS_SPEC',
      `malformed composed fault '${item}'`,
      'join faults that hold at once with +, e.g. partition:primary-with-clients+kill:primary',
    );
  }
  const specs = parts.map(parseFaultSpec);
  const kinds = specs.map((p) => p.fault);
  const twice = kinds.find((k, i) => kinds.indexOf(k) !== i);
  if (twice !== undefined) {
    throw new RedcheckError(
      'E_NEMESIS_SPEC',
      `composed fault '${item}' has ${twice} twice`,
      'compose faults of different kinds; one fault of a kind holds at a time',
    );
  }
  return specs;
}

/**
 * Parse `--nemesis` into its choices: `none` (no choice), or a comma list of
 * `fault[:target]` items, each possibly composed with `+`, e.g.
 * `partition:primary-with-clients,kill:primary+pause:n2,failover`. A choice listed twice is
 * drawn twice as often.
 */
export function parseNemesisChoices(text: string): FaultChoice[] {
  const trimmed = text.trim();
  if (trimmed === 'none') return [];
  if (trimmed === '') {
    throw new RedcheckError(
      'E_NEMESIS_SPEC',
      'empty --nemesis',
      `use none, or a comma list of fault[:target] with faults ${FAULT_NAMES.join(', ')}`,
    );
  }
  const items = trimmed.split(',');
  if (items.some((s) => s.trim() === '' || s.trim() === 'none')) {
    throw new RedcheckError(
      'E_NEMESIS_SPEC',
      `malformed --nemesis '${text}'`,
      'use none alone, or a comma list of fault[:target] without empty items',
    );
  }
  return items.map(parseFaultChoice);
}

/** Every fault `--nemesis` names, composed ones included (for checks against the deployment). */
export function parseNemesisSpec(text: string): FaultSpec[] {
  return parseNemesisChoices(text).flat();
}

/** `kill:primary+pause:n2`: the canonical text of a choice. */
export function formatFaultChoice(choice: FaultChoice): string {
  return choice.map(formatFaultSpec).join('+');
}

/** Parse already-split items (the resolved scenario's `nemesis: string[]`, `[]` for none). */
export function parseFaultChoices(items: readonly string[]): FaultChoice[] {
  return items.map(parseFaultChoice);
}

/** Every fault of already-split items, composed ones included. */
export function parseFaultSpecs(items: readonly string[]): FaultSpec[] {
  return parseFaultChoices(items).flat();
}

/** `partition:primary-with-clients`, `failover`: the canonical text of a spec. */
export function formatFaultSpec(spec: FaultSpec): string {
  return spec.target === undefined ? spec.fault : `${spec.fault}:${spec.target}`;
}

/** The smallest number of Redis nodes a spec needs. */
export function minNodesFor(spec: FaultSpec): number {
  return faultKind(spec.fault).minNodes(spec.target);
}

/**
 * Check specs against the deployment the run will start, before it starts. Throws
 * `E_NEMESIS_TOPOLOGY` for a fault the topology cannot have (failover without sentinels, a
 * partition of one node, a node name beyond the node count).
 */
export function checkSpecsFor(
  specs: readonly FaultSpec[],
  deployment: { topology: Topology; nodeCount: number },
): void {
  for (const spec of specs) {
    const kind = faultKind(spec.fault);
    const text = formatFaultSpec(spec);
    const topologies = kind.topologiesFor?.(spec.target) ?? kind.topologies;
    if (!topologies.includes(deployment.topology)) {
      const here = kind.targets.filter((t) =>
        (kind.topologiesFor?.(t) ?? kind.topologies).includes(deployment.topology),
      );
      throw new RedcheckError(
        'E_NEMESIS_TOPOLOGY',
        `nemesis '${text}' cannot run on topology '${deployment.topology}'`,
        `${text} needs topology ${topologies.join(' or ')}` +
          (here.length > 0 ? `; on ${deployment.topology}: ${spec.fault}:${here.join('|')}` : ''),
      );
    }
    const need = kind.minNodes(spec.target);
    if (deployment.nodeCount < need) {
      throw new RedcheckError(
        'E_NEMESIS_TOPOLOGY',
        `nemesis '${text}' needs at least ${need} nodes, the deployment has ${deployment.nodeCount}`,
        `add replicas or pick another target (${validTargets(kind)})`,
      );
    }
  }
}
