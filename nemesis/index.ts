/**
 * The nemesis: faults injected into a running deployment, each recorded in the history and
 * verified to have taken effect, on a schedule drawn from the seed; the run always ends healed.
 *
 * Typical use by the runner:
 *
 *   const specs = parseNemesisSpec(flags.nemesis);          // throws RedcheckError
 *   checkSpecsFor(specs, { topology, nodeCount });           // before starting Docker
 *   const schedule = drawSchedule({ seed, faults: specs, intervalMs, timeLimitMs });
 *   const nemesis = createNemesisDriver({ deployment, schedule, record, now, log });
 *   await nemesis.setup();
 *   try { faults = await nemesis.run(abortSignal); } finally { await nemesis.healAll(); await nemesis.teardown(); }
 *
 * Workers are placed in zones with `zoneHomes` so "the primary's clients" is a real set.
 */
export type { Clock } from './clock.js';
export type { NemesisDriver } from './driver.js';
export { createNemesisDriver } from './driver.js';
export type { FaultKind, FaultOption } from './faultKind.js';
export { optionField } from './faultKind.js';
export { hasJumps, listRules } from './iptables.js';
export type { Nemesis, NemesisContext, NemesisOp } from './nemesis.js';
export type { PartitionTarget } from './partitionGroups.js';
export {
  describeGroups,
  groupsValue,
  partitionGroups,
  PARTITION_TARGETS,
} from './partitionGroups.js';
export { checkFullMesh } from './partition.js';
export { reachFromNode, reachFromZone } from './reachability.js';
export type { NemesisRegistry } from './registry.js';
export {
  FAULT_KINDS,
  FAULT_NAMES,
  FAULT_OPTIONS,
  FAULT_OP_NAMES,
  deploymentNeeds,
  faultKind,
} from './registry.js';
export type { ScheduledFault } from './schedule.js';
export { drawSchedule, explicitSchedule, overlapGroups, scheduleToJson } from './schedule.js';
export type { FaultSpec } from './spec.js';
export {
  checkSpecsFor,
  formatFaultChoice,
  formatFaultSpec,
  parseFaultChoice,
  parseFaultChoices,
  parseFaultSpec,
  parseFaultSpecs,
  parseNemesisChoices,
  parseNemesisSpec,
} from './spec.js';
export { homeNodeIndex, zoneHomes, zonesNextTo } from './zones.js';
