/** The loss-cause pass: every lost write given one cause with its evidence. */
export { explainLosses, type ExplainOptions } from './explainLosses.js';
export {
  LOSS_CAUSES,
  LOSS_CAUSES_SHOWN,
  LOSS_CAUSE_LABEL,
  LOSS_CAUSE_TEXT,
  causeMeasureName,
  type LossCause,
} from './lossCause.js';
export type {
  FailoverEvidence,
  FaultEvidence,
  LossEvidence,
  MinorityAckCut,
  MinorityAckNode,
  NodeEventsObservation,
  NodeRestart,
  RdbSave,
  Resync,
  RoleChange,
} from './evidence.js';
export type { LossCauseGroup, LossCausesResult, LossSample } from './lossCausesResult.js';
export { lostWriteColumnsOf, type LostWriteColumns } from '../setStream/lostWriteColumns.js';
export { minorityAckCuts, minorityAckMsOf } from './minorityAck.js';
export { PROBE_F, ProbeAckCollector, ProbeAcks, type ProbeOpCounts } from './probeAcks.js';
