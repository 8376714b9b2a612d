import type { History, Op } from '../history/op.js';

/** A fault as an interval of run time (ns), for placing operations relative to faults. */
export interface FaultWindow {
  /** `partition`, `kill`, ... */
  fault: string;
  /** Target spec or a description of who was affected. */
  target?: string;
  /** ns since the run started. */
  start: number;
  /** ns; `undefined` while still active at the end of the history. */
  end?: number;
}

const START = /^start[-_](.+)$/;
const STOP = /^(?:stop|end|heal)[-_]?(.*)$/;
/** Faults whose start and end ops have names of their own (the nemesis's `kill`/`start`...). */
const OPENERS: Record<string, string> = { kill: 'kill', pause: 'pause' };
const CLOSERS: Record<string, string> = { start: 'kill', restart: 'kill', resume: 'pause' };

function faultName(op: Op): string | undefined {
  const v = op.value;
  if (v && typeof v === 'object' && 'fault' in v && typeof v.fault === 'string') return v.fault;
  return undefined;
}

function targetOf(op: Op): string | undefined {
  const v = op.value;
  if (v && typeof v === 'object') {
    for (const k of ['description', 'target']) {
      const t = (v as Record<string, unknown>)[k];
      if (typeof t === 'string') return t;
    }
  }
  return typeof v === 'string' ? v : undefined;
}

/**
 * Fault intervals from the nemesis ops of a history. Understands Jepsen's convention
 * (`f: "start-partition"` / `"stop-partition"`, or `start-x`/`stop` with `value.fault`) and
 * the nemesis's own pairs (`kill` ... `start`, `pause` ... `resume`), using
 * the completion (or, if none, the invoke) of each nemesis op as its time. An instantaneous
 * fault (`f: "failover"`, `"kill"` without a stop) becomes a zero-length window. A stop
 * closes the oldest open window of the same fault; `heal-all`/`stop` without a fault name
 * closes every open window.
 */
export function faultWindows(history: History): FaultWindow[] {
  const windows: FaultWindow[] = [];
  const open: FaultWindow[] = [];
  for (const op of history) {
    if (op.process !== 'nemesis' || op.type === 'invoke') continue;
    const start = START.exec(op.f);
    const stop = STOP.exec(op.f);
    const opener = OPENERS[op.f];
    const closer = CLOSERS[op.f];
    if (start || opener !== undefined) {
      const w: FaultWindow = {
        fault: faultName(op) ?? start?.[1] ?? opener ?? op.f,
        start: op.time,
      };
      const target = targetOf(op);
      if (target !== undefined) w.target = target;
      windows.push(w);
      open.push(w);
    } else if (stop || closer !== undefined) {
      const named = closer ?? stop?.[1];
      const name = faultName(op) ?? (named === '' || named === 'all' ? undefined : named);
      for (let i = 0; i < open.length;) {
        const w = open[i];
        if (w && (name === undefined || w.fault === name)) {
          w.end = op.time;
          open.splice(i, 1);
          if (name !== undefined) break;
        } else i++;
      }
    } else {
      const w: FaultWindow = { fault: faultName(op) ?? op.f, start: op.time, end: op.time };
      const target = targetOf(op);
      if (target !== undefined) w.target = target;
      windows.push(w);
    }
  }
  return windows;
}

/** The faults active at any moment of [from, to] (ns); open windows never end. */
export function activeFaults(
  windows: readonly FaultWindow[],
  from: number,
  to: number,
): FaultWindow[] {
  return windows.filter((w) => w.start <= to && (w.end === undefined || w.end >= from));
}
