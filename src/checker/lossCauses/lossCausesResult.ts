import type { LossCause } from './lossCause.js';

/** One group of lost writes given the same cause: one node, one fault, one event. */
export interface LossCauseGroup {
  cause: LossCause;
  /** The node that acknowledged them (absent: the history names none). */
  node?: string;
  /** The fault they belong to: its index in `results.faults`, kind and start (ns). */
  fault?: { index: number; fault: string; target?: string; start: number; end?: number };
  count: number;
  /** ns: the first and last acknowledgement. */
  firstAck: number;
  lastAck: number;
  /** One sentence a reviewer can read. */
  sentence: string;
  /** What the sentence rests on, as named values (times in ns, sizes in bytes). */
  evidence: Record<string, string | number | boolean>;
  /** How many of these writes other causes also fit (the precedence chose this one). */
  alsoFits: Record<string, number>;
}

/** A lost write as the report lists it. */
export interface LossSample {
  element: string;
  /** ns: its acknowledgement. */
  ack: number;
  node?: string;
  cause: LossCause;
}

/** The loss-cause pass's result (`results.causes`), from every lost write. */
export interface LossCausesResult {
  lost: number;
  /** Lost writes per cause (every cause, zeros included). */
  counts: Record<LossCause, number>;
  /** Percent of lost writes with a cause other than unexplained (100 when none was lost). */
  explainedPercent: number;
  /** Groups, unexplained first, then by count. */
  groups: LossCauseGroup[];
  /** ns: the first and last acknowledgement of a lost write (absent when none was lost). */
  firstAck?: number;
  lastAck?: number;
  /** ms from the first lost write's acknowledgement to the last one's, over every lost write. */
  lossWindowMs: number;
  /** Lost writes by the node that acknowledged them (`unknown`: none named). */
  byNode: Record<string, number>;
  /** Lost writes per time bucket by acknowledgement time, from 0 to `endNs`, per cause. */
  buckets: { widthNs: number; endNs: number; counts: Partial<Record<LossCause, number[]>> };
  /** Lost writes sampled evenly across the whole loss by acknowledgement time, per cause. */
  samples: LossSample[];
  /** How many samples each cause may have. */
  samplesPerCause: number;
}
