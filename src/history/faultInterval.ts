/**
 * A fault as an interval of run time: the one type the nemesis records, the checkers place
 * operations against, and the reports draw. `faultIntervals` derives them from a history's
 * nemesis ops, so a stored run's faults can be re-derived from its history alone.
 */
import type { Op } from './op.js';

export interface FaultInterval {
  /** `partition`, `kill`, `pause`, `failover`, ... */
  fault: string;
  /** Target spec as given, e.g. `primary-with-clients`. */
  target?: string;
  /** Who was affected, in words, e.g. `n1 + clients c1,c2 | n2 n3`. */
  description?: string;
  /** ns since the run started. */
  start: number;
  /** ns; absent while still active at the end of the history (or for an instant fault not closed). */
  end?: number;
  /** Whether the fault was verified to have taken effect. */
  verified?: boolean;
}

/**
 * The nemesis op names that open and close fault intervals: `f` to fault name. A stop that
 * maps to `""` or `"all"` closes every open interval.
 */
export interface FaultOpNames {
  readonly start: ReadonlyMap<string, string>;
  readonly stop: ReadonlyMap<string, string>;
}

/** The nemesis's own pairs, used when no table is given: `kill` ... `start`, `pause` ... `resume`. */
export const DEFAULT_FAULT_OPS: FaultOpNames = {
  start: new Map([
    ['kill', 'kill'],
    ['pause', 'pause'],
  ]),
  stop: new Map([
    ['start', 'kill'],
    ['restart', 'kill'],
    ['resume', 'pause'],
  ]),
};

const START = /^start[-_](.+)$/;
const STOP = /^(?:stop|end|heal)[-_]?(.*)$/;

function field(op: Op, name: string): unknown {
  const v = op.value;
  return v !== null && typeof v === 'object' ? (v as Record<string, unknown>)[name] : undefined;
}

function stringField(op: Op, name: string): string | undefined {
  const v = field(op, name);
  return typeof v === 'string' ? v : undefined;
}

/**
 * When a nemesis op took effect: `value.at` (ns) when the nemesis recorded it (the moment the
 * fault took hold or was undone, before it was verified), else the op's own time.
 */
function effectTime(op: Op): number {
  const at = field(op, 'at');
  return typeof at === 'number' && Number.isFinite(at) ? at : op.time;
}

function opened(op: Op, fault: string, end?: number): FaultInterval {
  const w: FaultInterval = { fault: stringField(op, 'fault') ?? fault, start: effectTime(op) };
  const target = stringField(op, 'target') ?? (typeof op.value === 'string' ? op.value : undefined);
  if (target !== undefined) w.target = target;
  const description = stringField(op, 'description');
  if (description !== undefined) w.description = description;
  const verified = field(op, 'verified');
  if (typeof verified === 'boolean') w.verified = verified;
  if (end !== undefined) w.end = end;
  return w;
}

/**
 * Fault intervals from the nemesis ops of a history, using the completion of each nemesis op
 * as its time (invokes are skipped). Op names come from `ops` (default `DEFAULT_FAULT_OPS`),
 * then Jepsen's convention: `start-x` opens fault `x`, `stop-x` (`end-x`, `heal-x`) closes it,
 * a bare `stop`/`heal-all` closes every open interval; `value.fault` names the fault when set,
 * `value.target`, `value.description` and `value.verified` fill in those fields, `value.at`
 * (ns) is when it took effect, and a start with `value.started: false` never took hold. Any other
 * nemesis op is an instant fault (a zero-length interval: `failover`). A stop closes the
 * oldest open interval of its fault.
 */
export function faultIntervals(
  history: readonly Op[],
  ops: FaultOpNames = DEFAULT_FAULT_OPS,
): FaultInterval[] {
  const intervals: FaultInterval[] = [];
  const open: FaultInterval[] = [];
  for (const op of history) {
    if (op.process !== 'nemesis' || op.type === 'invoke') continue;
    const opener = ops.start.get(op.f) ?? START.exec(op.f)?.[1];
    if (opener !== undefined) {
      // A start the nemesis could not carry out (`started: false`) put nothing in place.
      const never = field(op, 'started') === false;
      const w = opened(op, opener, never ? effectTime(op) : undefined);
      intervals.push(w);
      if (!never) open.push(w);
      continue;
    }
    const closer = ops.stop.get(op.f) ?? STOP.exec(op.f)?.[1];
    if (closer === undefined) {
      intervals.push(opened(op, op.f, effectTime(op)));
      continue;
    }
    const name =
      stringField(op, 'fault') ?? (closer === '' || closer === 'all' ? undefined : closer);
    for (let i = 0; i < open.length;) {
      const w = open[i] as FaultInterval;
      if (name === undefined || w.fault === name) {
        w.end = effectTime(op);
        open.splice(i, 1);
        if (name !== undefined) break;
      } else i++;
    }
  }
  return intervals;
}

/** The faults active at any moment of [from, to] (ns); open intervals never end. */
export function activeFaults(
  intervals: readonly FaultInterval[],
  from: number,
  to: number,
): FaultInterval[] {
  return intervals.filter((w) => w.start <= to && (w.end === undefined || w.end >= from));
}

/** A fault in words: `fault description` (or `fault target`, or just `fault`). */
export function describeFault(f: FaultInterval): string {
  const who = f.description ?? f.target;
  return who ? `${f.fault} ${who}` : f.fault;
}
