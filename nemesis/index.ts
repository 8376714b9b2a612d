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
export { realClock } from './clock.js';
export type { NemesisDriver, NemesisDriverOptions } from './driver.js';
export { createNemesisDriver } from './driver.js';
export type { FaultDeploymentNeeds, FaultKind, FaultOption } from './faultKind.js';
export { NODE_TARGET_WORDS, isNodeName, optionField } from './faultKind.js';
export { CHAIN, hasJumps, listRules } from './iptables.js';
export type { ActiveFault, Nemesis, NemesisContext, NemesisOp, StopOutcome } from './nemesis.js';
export type {
  PartitionGroups,
  PartitionInput,
  PartitionSide,
  PartitionTarget,
} from './partitionGroups.js';
export {
  describeGroups,
  groupsValue,
  partitionGroups,
  PARTITION_TARGETS,
} from './partitionGroups.js';
export { checkFullMesh } from './partition.js';
export type { Reach } from './reachability.js';
export { reachFromNode, reachFromZone } from './reachability.js';
export type { NemesisRegistry } from './registry.js';
export {
  FAULT_KINDS,
  FAULT_NAMES,
  FAULT_OPTIONS,
  FAULT_OP_NAMES,
  deploymentNeeds,
  faultKind,
  findFaultKind,
  nemesisRegistry,
} from './registry.js';
export type { DrawScheduleOptions, ExplicitScheduleEntry, ScheduledFault } from './schedule.js';
export { drawSchedule, explicitSchedule, overlapGroups, scheduleToJson } from './schedule.js';
export type { FaultChoice, FaultSpec } from './spec.js';
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
export type { ZoneHome } from './zones.js';
export { homeNodeIndex, zoneHomes, zonesNextTo } from './zones.js';
