/**
 * Builds histories for property tests: ops given as intervals, turned into invoke/completion
 * events in time order; and a sequential register execution with overlapping intervals.
 */
import fc from 'fast-check';
import type { Op } from '../../../src/history/op.js';

/** An op with its interval; `ret` undefined = never completed. */
export interface IntervalOp {
  readonly f: string;
  readonly input: unknown;
  readonly output: unknown;
  readonly status: 'ok' | 'fail' | 'info';
  readonly call: number;
  readonly ret: number | undefined;
  readonly key?: string;
}

/** Events in time order; each op its own process (a process runs one op at a time). */
export function toHistory(ops: readonly IntervalOp[]): Op[] {
  const events: { t: number; phase: number; seq: number; op: Omit<Op, 'index' | 'time'> }[] = [];
  ops.forEach((o, p) => {
    const base = o.key === undefined ? {} : { key: o.key };
    events.push({
      t: o.call,
      phase: 0,
      seq: p,
      op: { ...base, process: p, type: 'invoke', f: o.f, value: o.input },
    });
    if (o.ret !== undefined) {
      const value = o.status === 'ok' ? o.output : o.input;
      events.push({
        t: o.ret,
        phase: 1,
        seq: p,
        op: { ...base, process: p, type: o.status, f: o.f, value },
      });
    }
  });
  events.sort((a, b) => a.t - b.t || a.phase - b.phase || a.seq - b.seq);
  return events.map((e, index) => ({ index, time: e.t, ...e.op }));
}

/** A register op as drawn: what it does, and how it will be reported. */
export interface DrawnOp {
  readonly f: 'read' | 'write' | 'cas';
  readonly a: number;
  readonly b: number;
  /** 'ok' = reported; 'info' = took effect, result unknown; 'lost' = info that never took effect; 'fail' = never happened. */
  readonly outcome: 'ok' | 'info' | 'lost' | 'fail';
  readonly before: number;
  readonly after: number;
}

export const drawnOp: fc.Arbitrary<DrawnOp> = fc.record({
  f: fc.constantFrom('read', 'write', 'cas'),
  a: fc.integer({ min: 1, max: 4 }),
  b: fc.integer({ min: 1, max: 4 }),
  outcome: fc.constantFrom('ok', 'ok', 'ok', 'info', 'lost', 'fail'),
  before: fc.integer({ min: 0, max: 40 }),
  after: fc.integer({ min: 0, max: 40 }),
});

/**
 * Runs the drawn ops sequentially on a register (initially nil) at linearization points
 * 10, 20, 30, ... and gives each an interval around its point: a linearizable history by
 * construction. A cas whose expected value is not current fails (Jepsen's `fail`).
 */
export function sequentialRegister(drawn: readonly DrawnOp[]): IntervalOp[] {
  let value: number | null = null;
  return drawn.map((d, i) => {
    const t = 10 * (i + 1);
    const call = t - d.before;
    let ret: number | undefined = t + d.after;
    let status: IntervalOp['status'] = 'ok';
    let input: unknown;
    let output: unknown = null;
    if (d.outcome === 'fail') {
      // never happened: any arguments
      input = d.f === 'cas' ? [d.a, d.b] : d.f === 'write' ? d.a : null;
      return { f: d.f, input, output, status: 'fail', call, ret };
    }
    if (d.f === 'read') {
      input = null;
      output = value;
    } else if (d.f === 'write') {
      input = d.a;
      output = d.a;
      if (d.outcome !== 'lost') value = d.a;
    } else {
      input = [d.a, d.b];
      output = input;
      if (value !== d.a) status = 'fail';
      else if (d.outcome !== 'lost') value = d.b;
    }
    if (status === 'ok' && (d.outcome === 'info' || d.outcome === 'lost')) {
      status = 'info';
      if (d.before % 3 === 0) ret = undefined; // some never complete at all
    }
    return { f: d.f, input, output, status, call, ret };
  });
}
