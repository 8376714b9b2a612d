import { RedcheckError } from '../src/errors.js';
import type { Topology } from '../src/cluster/types.js';
import {
  FAULT_KIND_INFO,
  FAULT_KINDS,
  type FaultKind,
  type PartitionTarget,
} from './fault-kinds.js';

/** One parsed `fault[:target]` item of `--nemesis`, with the default target filled in. */
export type FaultSpec =
  | { readonly fault: 'partition'; readonly target: PartitionTarget }
  | { readonly fault: 'kill' | 'pause'; readonly target: string }
  | { readonly fault: 'failover'; readonly target?: undefined };

const NODE_NAME = /^n[1-9][0-9]*$/;

function validTargets(kind: FaultKind): string {
  const info = FAULT_KIND_INFO[kind];
  const names = [...info.targets, ...(info.nodeName ? ['a node name (n1, n2, ...)'] : [])];
  return names.length === 0 ? '(none: it takes no target)' : names.join(', ');
}

/** Parse one `fault[:target]` item. Throws `E_NEMESIS_SPEC` naming the valid values. */
export function parseFaultSpec(item: string): FaultSpec {
  const text = item.trim();
  const colon = text.indexOf(':');
  const fault = colon < 0 ? text : text.slice(0, colon);
  const target = colon < 0 ? undefined : text.slice(colon + 1);
  if (!(FAULT_KINDS as readonly string[]).includes(fault)) {
    throw new RedcheckError(
      'E_NEMESIS_SPEC',
      `unknown nemesis fault '${fault}' in '${item}'`,
      `use one of: ${FAULT_KINDS.join(', ')} (as fault[:target], comma-separated), or none`,
    );
  }
  const kind = fault as FaultKind;
  const info = FAULT_KIND_INFO[kind];
  const resolved = target ?? info.defaultTarget;
  const ok =
    resolved === undefined
      ? info.defaultTarget === undefined
      : info.targets.includes(resolved) || (info.nodeName && NODE_NAME.test(resolved));
  if (!ok || (target === '' && info.defaultTarget !== undefined)) {
    throw new RedcheckError(
      'E_NEMESIS_SPEC',
      `unknown target '${target ?? ''}' for nemesis fault '${kind}' in '${item}'`,
      `targets of ${kind}: ${validTargets(kind)}`,
    );
  }
  switch (kind) {
    case 'partition':
      return { fault: 'partition', target: resolved as PartitionTarget };
    case 'kill':
    case 'pause':
      return { fault: kind, target: resolved as string };
    case 'failover':
      return { fault: 'failover' };
  }
}

/**
 * Parse `--nemesis`: `none`, or a comma list of `fault[:target]`, e.g.
 * `partition:primary-with-clients,kill:primary,pause:primary,failover`. A fault listed twice
 * is drawn twice as often.
 */
export function parseNemesisSpec(text: string): FaultSpec[] {
  const trimmed = text.trim();
  if (trimmed === 'none') return [];
  if (trimmed === '') {
    throw new RedcheckError(
      'E_NEMESIS_SPEC',
      'empty --nemesis',
      `use none, or a comma list of fault[:target] with faults ${FAULT_KINDS.join(', ')}`,
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
  return items.map(parseFaultSpec);
}

/**
 * Parse already-split items (the resolved scenario's `nemesis: string[]`, `[]` for none).
 * Fits the runner's `NemesisSpecValidator`.
 */
export function parseFaultSpecs(items: readonly string[]): FaultSpec[] {
  return items.map(parseFaultSpec);
}

/** `partition:primary-with-clients`, `failover`: the canonical text of a spec. */
export function formatFaultSpec(spec: FaultSpec): string {
  return spec.target === undefined ? spec.fault : `${spec.fault}:${spec.target}`;
}

/** The smallest number of Redis nodes a spec needs. */
export function minNodesFor(spec: FaultSpec): number {
  if (spec.fault === 'partition' && spec.target === 'primary-with-one-replica') return 3;
  if ((spec.fault === 'kill' || spec.fault === 'pause') && NODE_NAME.test(spec.target)) {
    return Number(spec.target.slice(1));
  }
  return FAULT_KIND_INFO[spec.fault].minNodes;
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
    const info = FAULT_KIND_INFO[spec.fault];
    const text = formatFaultSpec(spec);
    if (!info.topologies.includes(deployment.topology)) {
      throw new RedcheckError(
        'E_NEMESIS_TOPOLOGY',
        `nemesis '${text}' cannot run on topology '${deployment.topology}'`,
        `${spec.fault} needs topology ${info.topologies.join(' or ')}`,
      );
    }
    const need = minNodesFor(spec);
    if (deployment.nodeCount < need) {
      throw new RedcheckError(
        'E_NEMESIS_TOPOLOGY',
        `nemesis '${text}' needs at least ${need} nodes, the deployment has ${deployment.nodeCount}`,
        `add replicas or pick another target (${validTargets(spec.fault)})`,
      );
    }
  }
}
