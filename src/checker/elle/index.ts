/** The list-append (Elle) checker's public entry. */
export { checkListAppend, isListAppendValid, resolveListAppendOptions } from './checkListAppend.js';
export type { ListAppendOptions, ResolvedListAppendOptions } from './checkListAppend.js';
export {
  CONSISTENCY_MODELS,
  CYCLE_TYPES,
  NON_CYCLE_TYPES,
  UNKNOWN_TYPES,
  consistencyModelNamed,
  isProhibited,
} from './anomalies.js';
export type { AnomalyType, ConsistencyModel, CycleAnomalyType } from './anomalies.js';
export type {
  Anomaly,
  CycleAnomaly,
  CycleEdge,
  ListAppendResult,
  TxnRef,
  UnobservedAppends,
} from './result.js';
export type { MicroOp, TxnElement, TxnKey } from './txn.js';
export { txnProblem, TXN_F } from './txn.js';
export { loadTxnHistory, parseTxnHistoryText } from './loadTxnHistory.js';
export type { LoadedTxnHistory } from './loadTxnHistory.js';
export {
  checkListAppendFile,
  explainListAppend,
  isTxnHistory,
  LIST_APPEND_MODEL,
} from './checkFile.js';
