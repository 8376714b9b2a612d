import { namedRegistry } from '../src/common/namedRegistry.js';
import {
  clusterFailoverFault,
  clusterKillFault,
  clusterPartitionFault,
  clusterPauseFault,
} from './clusterFaults.js';
import { diskFullFault } from './diskFull.js';
import type { FaultDeploymentNeeds, FaultKind, FaultOption } from './faultKind.js';
import { migrateFault } from './migrate.js';
import { packetLossFault } from './packetLoss.js';
import type { Nemesis } from './nemesis.js';
import { powerLossFault } from './powerLoss.js';
import { slowLinkFault } from './slowLink.js';

/** Every fault kind redcheck can inject, in the order help texts list them. */
// Partition, kill, pause and failover with their Redis Cluster targets (clusterFaults.ts).
export const FAULT_KINDS: readonly FaultKind[] = [
  clusterPartitionFault,
  clusterKillFault,
  clusterPauseFault,
  clusterFailoverFault,
  migrateFault,
  slowLinkFault,
  packetLossFault,
  powerLossFault,
  diskFullFault,
];

const REGISTRY = namedRegistry(
  FAULT_KINDS,
  'E_NEMESIS_SPEC',
  (name) => `unknown nemesis fault '${name}'`,
  ' (as fault[:target], comma-separated), or none',
);

/** The names of every fault kind. */
export const FAULT_NAMES: readonly string[] = REGISTRY.names;

/** The fault kind called `name`, or undefined (looked up in a map, never a prototype). */
export const findFaultKind: (name: string) => FaultKind | undefined = REGISTRY.find;

/** The fault kind called `name`; throws E_NEMESIS_SPEC naming the valid ones. */
export const faultKind: (name: string) => FaultKind = REGISTRY.get;

/**
 * What the deployment must provide for a run with these faults (each kind's
 * `deploymentNeeds`, merged): the runner spreads it into the deployment options.
 */
export function deploymentNeeds(
  faults: readonly { readonly fault: string }[],
  options: Readonly<Record<string, number | string>>,
): FaultDeploymentNeeds {
  const kinds = new Set(faults.map((f) => f.fault));
  let needs: FaultDeploymentNeeds = {};
  for (const k of FAULT_KINDS) {
    if (kinds.has(k.name) && k.deploymentNeeds) needs = { ...needs, ...k.deploymentNeeds(options) };
  }
  return needs;
}

/** Every fault option of every kind, with the kind it belongs to. */
export const FAULT_OPTIONS: readonly (FaultOption & { readonly kind: string })[] =
  FAULT_KINDS.flatMap((k) => (k.options ?? []).map((o) => ({ ...o, kind: k.name })));

/**
 * The history `f` names of every fault's start and stop event, for reading fault windows out
 * of a history (`faultIntervals(history, FAULT_OP_NAMES)`).
 */
export const FAULT_OP_NAMES: {
  readonly start: ReadonlyMap<string, string>;
  readonly stop: ReadonlyMap<string, string>;
} = {
  // An instantaneous fault has no window to open: its one event is a zero-length window.
  start: new Map(
    FAULT_KINDS.flatMap((k) => (k.ops.stop === undefined ? [] : [[k.ops.start, k.name] as const])),
  ),
  stop: new Map(
    FAULT_KINDS.flatMap((k) => (k.ops.stop === undefined ? [] : [[k.ops.stop, k.name] as const])),
  ),
};

/** Fault kind name -> the nemesis that injects it (the driver's injection point for tests). */
export type NemesisRegistry = Readonly<Record<string, () => Nemesis>>;

/** The default registry: every kind's own nemesis. */
export function nemesisRegistry(): NemesisRegistry {
  return Object.fromEntries(FAULT_KINDS.map((k) => [k.name, () => k.create()]));
}
