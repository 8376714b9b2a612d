/**
 * Finding a cycle of a given anomaly type inside one strongly connected component.
 *
 * Each type is a constraint on the labels along a cycle (Elle's cycle specifications): G0
 * uses ww edges only; G1c ww and wr with at least one wr; G-single exactly one rw; G-nonadjacent
 * two or more rw, no two adjacent; G2-item two or more rw, some adjacent. A `-process` or
 * `-realtime` type may also use that order's edges and must use at least one. The search is a
 * breadth-first search over (vertex, constraint state) from each candidate start vertex, so the
 * cycle found through a start vertex is a shortest one of its type.
 */
import { splitCycleType } from './classify.js';
import type { CycleAnomalyType } from './anomalies.js';
import {
  DATA,
  labelOf,
  PROCESS,
  REALTIME,
  stronglyConnectedComponents,
  WR,
  WW,
  type Csr,
  type EdgeLabel,
} from './graph.js';

/** A cycle: `nodes[i] -> nodes[i+1]` (and the last back to the first) labelled `labels[i]`. */
export interface FoundCycle {
  nodes: number[];
  labels: EdgeLabel[];
}

/** The search ran past its deadline. */
export const TIMED_OUT = 'timeout';

const CODE: Readonly<Record<EdgeLabel, number>> = { ww: 0, wr: 1, rw: 2, process: 3, realtime: 4 };
const LABELS: readonly EdgeLabel[] = ['ww', 'wr', 'rw', 'process', 'realtime'];

// Constraint state bits.
const HAS_VARIANT = 1;
const HAS_WR = 2;
const COUNT_SHIFT = 2; // two bits: rw edges so far, 0, 1 or 2 (= two or more)
const LAST_RW = 16;
const FIRST_RW = 32;
const ADJACENT = 64;
const STATES = 128;
const INVALID = -1;

// Above this many (vertex, state) pairs (about 110 MiB of arrays) a component is not searched
// exhaustively: it counts as a timeout and gets the fallback cycle.
const MAX_STATES = 1 << 23;

interface Spec {
  allowed: number;
  variantCode: number; // -1: none
  base: string;
}

function specOf(type: CycleAnomalyType): Spec {
  const [base, variant] = splitCycleType(type);
  let allowed = base === 'G0' ? WW : base === 'G1c' ? WW | WR : DATA;
  let variantCode = -1;
  if (variant === '-process') {
    allowed |= PROCESS;
    variantCode = CODE.process;
  } else if (variant === '-realtime') {
    allowed |= REALTIME;
    variantCode = CODE.realtime;
  }
  return { allowed, variantCode, base };
}

function step(spec: Spec, aux: number, code: number, first: boolean): number {
  let a = aux;
  if (code === spec.variantCode) a |= HAS_VARIANT;
  if (code === CODE.wr) a |= HAS_WR;
  if (code === CODE.rw) {
    const count = (a >> COUNT_SHIFT) & 3;
    if (a & LAST_RW) a |= ADJACENT;
    a = (a & ~(3 << COUNT_SHIFT)) | (Math.min(2, count + 1) << COUNT_SHIFT) | LAST_RW;
    if (first) a |= FIRST_RW;
    if (spec.base === 'G-single' && count >= 1) return INVALID;
    if (spec.base === 'G-nonadjacent' && a & ADJACENT) return INVALID;
  } else {
    a &= ~LAST_RW;
  }
  return a;
}

function accepts(spec: Spec, a: number): boolean {
  if (spec.variantCode >= 0 && !(a & HAS_VARIANT)) return false;
  const count = (a >> COUNT_SHIFT) & 3;
  const wrapAdjacent = (a & LAST_RW) !== 0 && (a & FIRST_RW) !== 0;
  switch (spec.base) {
    case 'G0':
      return true;
    case 'G1c':
      return (a & HAS_WR) !== 0;
    case 'G-single':
      return count === 1;
    case 'G-nonadjacent':
      return count === 2 && !wrapAdjacent;
    default: // G2-item
      return count === 2 && ((a & ADJACENT) !== 0 || wrapAdjacent);
  }
}

/** The label an edge is used as by a search restricted to `allowed`, as a code, or -1. */
function codeOf(mask: number, allowed: number): number {
  const l = labelOf(mask & allowed);
  return l === undefined ? -1 : CODE[l];
}

/** The label code a cycle of this type must contain, to choose start vertices; -1: any. */
function requiredCode(spec: Spec): number {
  if (spec.base === 'G0') return spec.variantCode;
  if (spec.base === 'G1c') return CODE.wr;
  return CODE.rw;
}

/**
 * A shortest cycle of `type` through some vertex of `g` (one strongly connected component), or
 * null when there is none, or `TIMED_OUT` once `performance.now()` passes `deadline`.
 */
export function findCycleOfType(
  g: Csr,
  type: CycleAnomalyType,
  deadline: number,
): FoundCycle | null | typeof TIMED_OUT {
  const spec = specOf(type);
  if (g.nodes * STATES > MAX_STATES) return TIMED_OUT;
  const comps = stronglyConnectedComponents(g, spec.allowed);
  if (comps.length === 0) return null;
  const comp = new Int32Array(g.nodes).fill(-1);
  comps.forEach((c, i) => {
    for (const u of c) comp[u] = i;
  });
  const stamp = new Int32Array(g.nodes * STATES);
  const parent = new Int32Array(g.nodes * STATES);
  const parentCode = new Uint8Array(g.nodes * STATES);
  const queue = new Int32Array(g.nodes * STATES);
  const need = requiredCode(spec);
  let run = 0;
  let pops = 0;
  for (const c of comps) {
    for (const s of c) {
      const cs = comp[s]!;
      if (need >= 0) {
        let has = false;
        for (let e = g.offsets[s]!; e < g.offsets[s + 1]! && !has; e++) {
          has = comp[g.targets[e]!] === cs && codeOf(g.masks[e]!, spec.allowed) === need;
        }
        if (!has) continue;
      }
      run++;
      let head = 0;
      let tail = 0;
      const start = s * STATES;
      stamp[start] = run;
      queue[tail++] = start;
      while (head < tail) {
        if ((++pops & 1023) === 0 && performance.now() > deadline) return TIMED_OUT;
        const state = queue[head++]!;
        const u = (state / STATES) | 0;
        const aux = state % STATES;
        for (let e = g.offsets[u]!; e < g.offsets[u + 1]!; e++) {
          const v = g.targets[e]!;
          if (comp[v] !== cs) continue;
          const code = codeOf(g.masks[e]!, spec.allowed);
          if (code < 0) continue;
          const a2 = step(spec, aux, code, u === s);
          if (a2 === INVALID) continue;
          if (v === s) {
            if (!accepts(spec, a2)) continue;
            const found = rebuild(state, code, start, parent, parentCode);
            if (found) return found;
            continue;
          }
          const next = v * STATES + a2;
          if (stamp[next] === run) continue;
          stamp[next] = run;
          parent[next] = state;
          parentCode[next] = code;
          queue[tail++] = next;
        }
      }
    }
  }
  return null;
}

/** The cycle ending with `last --code--> start`, or null when it visits a vertex twice. */
function rebuild(
  last: number,
  code: number,
  start: number,
  parent: Int32Array,
  parentCode: Uint8Array,
): FoundCycle | null {
  const nodes: number[] = [];
  const labels: EdgeLabel[] = [LABELS[code]!];
  let st = last;
  while (st !== start) {
    nodes.push((st / STATES) | 0);
    labels.push(LABELS[parentCode[st]!]!);
    st = parent[st]!;
  }
  nodes.push((start / STATES) | 0);
  nodes.reverse();
  labels.reverse();
  if (new Set(nodes).size !== nodes.length) return null;
  return { nodes, labels };
}

/**
 * Some shortest cycle through vertex 0 of `g` using any edges: the fallback when a typed search
 * times out (a strongly connected component always has one).
 */
export function anyCycle(g: Csr): FoundCycle | null {
  const prev = new Int32Array(g.nodes).fill(-1);
  const prevMask = new Uint8Array(g.nodes);
  const queue = new Int32Array(g.nodes);
  let head = 0;
  let tail = 0;
  queue[tail++] = 0;
  prev[0] = 0;
  while (head < tail) {
    const u = queue[head++]!;
    for (let e = g.offsets[u]!; e < g.offsets[u + 1]!; e++) {
      const v = g.targets[e]!;
      if (v === 0) {
        const nodes = [u];
        const labels: EdgeLabel[] = [labelOf(g.masks[e]!) ?? 'ww'];
        let w = u;
        while (w !== 0) {
          labels.push(labelOf(prevMask[w]!) ?? 'ww');
          w = prev[w]!;
          nodes.push(w);
        }
        nodes.reverse();
        labels.reverse();
        return { nodes, labels };
      }
      if (prev[v] !== -1) continue;
      prev[v] = u;
      prevMask[v] = g.masks[e]!;
      queue[tail++] = v;
    }
  }
  return null;
}
