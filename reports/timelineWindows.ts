/**
 * The run page's timeline as windows of ops across the whole run: each window holds the ops
 * invoked just before and just after one anchor time (a lost write, a fault's start or end, or
 * one of evenly spaced times), so a reviewer can step through the run from start to end while
 * the page stays one offline file of a bounded size.
 */
import type { Op } from '../src/history/op.js';
import type { TimelineData, TimelineOp, TimelineWindow } from './pageData.js';
import { roundTo } from './stats.js';

/** One time the timeline keeps the ops around, and why. */
export interface TimelineAnchor {
  /** ns since the run started. */
  ns: number;
  why: string;
}

/** A client op as the history analysis pairs it: the invoke and its completion, if any. */
export interface CompletedOp {
  invoke: Op;
  done?: Op;
}

/** What the windows need to turn kept ops into the page's data. */
export interface TimelineBuild {
  /** Client ops in the whole history. */
  total: number;
  /** ns: the last time in the history (the end of a pending op). */
  lastTime: number;
  /** Marks an op as a lost write. */
  isLost(c: CompletedOp): boolean;
  /** The op as text, for hover and the detail box. */
  text(c: CompletedOp): string;
}

/** Ops kept around each anchor: a ring of the last ops invoked before it, the first ops after. */
class AnchorWindow {
  readonly ring: (CompletedOp | undefined)[];
  ringCount = 0;
  readonly after: CompletedOp[] = [];
  readonly afterSize: number;
  /** `size` ops, half before and half after (all after for an anchor at the start). */
  constructor(
    readonly anchor: TimelineAnchor,
    size: number,
  ) {
    const beforeSize = anchor.ns <= 0 ? 1 : Math.max(1, Math.floor(size / 2));
    this.afterSize = anchor.ns <= 0 ? size : Math.max(1, size - beforeSize);
    this.ring = new Array<CompletedOp | undefined>(beforeSize);
  }
  before(c: CompletedOp): void {
    this.ring[this.ringCount % this.ring.length] = c;
    this.ringCount++;
  }
  afterFull(): boolean {
    return this.after.length >= this.afterSize;
  }
  /** The kept ops, in the order they were invoked. */
  ops(): CompletedOp[] {
    const n = this.ring.length;
    const inRing = Math.min(this.ringCount, n);
    const out: CompletedOp[] = [];
    for (let j = this.ringCount - inRing; j < this.ringCount; j++) {
      const c = this.ring[j % n];
      if (c) out.push(c);
    }
    return [...out, ...this.after];
  }
}

/**
 * Windows around `anchors` (sorted and merged when closer than `minGapNs`), `perWindow` ops
 * each and `focusOps` around the first anchor (the focus). Feed every client op to `add` in any
 * order of completion; `build` gives the page's timeline.
 */
export class TimelineWindows {
  private readonly windows: AnchorWindow[];
  constructor(anchors: readonly TimelineAnchor[], perWindow: number, focusOps = perWindow) {
    const focus = anchors[0];
    const sorted = [...anchors].sort((a, b) => a.ns - b.ns);
    this.windows = sorted.map(
      (a) => new AnchorWindow(a, Math.max(2, a === focus ? focusOps : perWindow)),
    );
  }

  /** Keep `c` if it is among the ops just before or just after an anchor. */
  add(c: CompletedOp): void {
    const t = c.invoke.time;
    const w = this.windows;
    // The first anchor after t: binary search (few anchors, many ops).
    let lo = 0;
    let hi = w.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((w[mid] as AnchorWindow).anchor.ns <= t) lo = mid + 1;
      else hi = mid;
    }
    const next = w[lo];
    if (next) next.before(c);
    const prev = w[lo - 1];
    if (prev && !prev.afterFull()) prev.after.push(c);
  }

  build(b: TimelineBuild): TimelineData {
    const seen = new Set<number>();
    const kept: { c: CompletedOp; w: number }[] = [];
    const windows: TimelineWindow[] = [];
    for (const win of this.windows) {
      const ops = win.ops().filter((c) => !seen.has(c.invoke.index));
      if (ops.length === 0) continue;
      for (const c of ops) seen.add(c.invoke.index);
      const w = windows.length;
      let from = Infinity;
      let to = -Infinity;
      for (const c of ops) {
        kept.push({ c, w });
        from = Math.min(from, c.invoke.time);
        to = Math.max(to, c.invoke.time);
      }
      windows.push({
        why: win.anchor.why,
        at: roundTo(win.anchor.ns / 1e9, 6),
        from: roundTo(from / 1e9, 6),
        to: roundTo(to / 1e9, 6),
        count: ops.length,
      });
    }
    kept.sort((x, y) => x.c.invoke.index - y.c.invoke.index);
    const procs = [...new Set(kept.map((k) => k.c.invoke.process))].sort(
      (x, y) => Number(x) - Number(y),
    );
    const col = new Map(procs.map((p, i) => [p, i]));
    const ops: TimelineOp[] = kept.map(({ c, w }) => {
      const op: TimelineOp = {
        i: c.invoke.index,
        c: col.get(c.invoke.process) ?? 0,
        w,
        f: c.invoke.f,
        t: c.done ? c.done.type : 'pending',
        s: roundTo(c.invoke.time / 1e9, 6),
        e: roundTo((c.done ? c.done.time : b.lastTime) / 1e9, 6),
        text: b.text(c),
      };
      if (b.isLost(c)) op.lost = 1;
      return op;
    });
    const window =
      ops.length === b.total
        ? 'all ops'
        : `${windows.length} window${windows.length === 1 ? '' : 's'} across the whole run (0 to ${(b.lastTime / 1e9).toFixed(3)} s)`;
    return { processes: procs.map(String), ops, total: b.total, window, windows };
  }
}

/**
 * The anchors of a run's timeline: `focus` first (the window that opens), then `marks` (e.g.
 * each cause's first and last lost write), each fault's start and end, and `even` times spread
 * evenly over `[0, endNs]`; at most `max`, an anchor closer than a 200th of the run to one
 * already kept is dropped.
 */
export function timelineAnchors(
  focus: TimelineAnchor | undefined,
  marks: readonly TimelineAnchor[],
  faults: readonly { fault: string; start: number; end?: number }[],
  endNs: number,
  even = 12,
  max = 32,
): TimelineAnchor[] {
  const out: TimelineAnchor[] = focus ? [focus, ...marks] : [...marks];
  for (const f of faults) {
    out.push({ ns: f.start, why: `${f.fault} starts (t=${(f.start / 1e9).toFixed(3)} s)` });
    if (f.end !== undefined && f.end !== f.start) {
      out.push({ ns: f.end, why: `${f.fault} ends (t=${(f.end / 1e9).toFixed(3)} s)` });
    }
  }
  for (let k = 0; k < even; k++) {
    const ns = Math.round((k / even) * endNs);
    out.push({ ns, why: k === 0 ? 'the start of the run' : `t=${(ns / 1e9).toFixed(3)} s` });
  }
  const gap = endNs / 200;
  const kept: TimelineAnchor[] = [];
  for (const a of out) {
    if (kept.length >= max) break;
    if (kept.every((k) => Math.abs(k.ns - a.ns) > gap)) kept.push(a);
  }
  return kept;
}
