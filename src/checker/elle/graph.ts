/**
 * The transaction dependency graph: vertices are transactions numbered 0..n-1, each edge
 * carries a bit set of the reasons it holds. Built once as compressed adjacency lists
 * (typed arrays, so 100,000 transactions and a few million edges stay small), with an
 * iterative Tarjan for strongly connected components (no recursion: long histories do not
 * overflow the stack).
 */

/** Edge reasons, as bits. */
export const WW = 1;
export const WR = 2;
export const RW = 4;
export const PROCESS = 8;
export const REALTIME = 16;
export const DATA = WW | WR | RW;

export type EdgeLabel = 'ww' | 'wr' | 'rw' | 'process' | 'realtime';

/**
 * The one reason an edge is explained by, among those in `mask`: data dependencies first
 * (ww, wr, rw), then process, then real-time order. Undefined when `mask` is empty.
 */
export function labelOf(mask: number): EdgeLabel | undefined {
  if (mask & WW) return 'ww';
  if (mask & WR) return 'wr';
  if (mask & RW) return 'rw';
  if (mask & PROCESS) return 'process';
  if (mask & REALTIME) return 'realtime';
  return undefined;
}

/** A directed graph in compressed sparse row form, one edge per ordered pair. */
export interface Csr {
  readonly nodes: number;
  /** Edges of node `u` are `offsets[u] .. offsets[u+1]-1`. */
  readonly offsets: Int32Array;
  readonly targets: Int32Array;
  readonly masks: Uint8Array;
}

/** Collects edges (duplicates allowed), then freezes them into a `Csr`. */
export class EdgeBuilder {
  private src = new Int32Array(1024);
  private dst = new Int32Array(1024);
  private mask = new Uint8Array(1024);
  /** Number of edges added (before merging duplicates). */
  size = 0;

  /** Add `from -> to` for `reason`; self edges are dropped (a transaction never precedes itself). */
  add(from: number, to: number, reason: number): void {
    if (from === to) return;
    if (this.size === this.src.length) {
      const grow = <T extends Int32Array | Uint8Array>(a: T, make: (n: number) => T): T => {
        const b = make(a.length * 2);
        b.set(a);
        return b;
      };
      this.src = grow(this.src, (n) => new Int32Array(n));
      this.dst = grow(this.dst, (n) => new Int32Array(n));
      this.mask = grow(this.mask, (n) => new Uint8Array(n));
    }
    this.src[this.size] = from;
    this.dst[this.size] = to;
    this.mask[this.size] = reason;
    this.size++;
  }

  /** The graph over `nodes` vertices; edges between the same pair have their reasons merged. */
  build(nodes: number): Csr {
    const counts = new Int32Array(nodes + 1);
    for (let i = 0; i < this.size; i++) counts[(this.src[i] as number) + 1]!++;
    for (let u = 0; u < nodes; u++) counts[u + 1]! += counts[u]!;
    const fill = counts.slice(0, nodes);
    const tmpT = new Int32Array(this.size);
    const tmpM = new Uint8Array(this.size);
    for (let i = 0; i < this.size; i++) {
      const p = fill[this.src[i] as number]!++;
      tmpT[p] = this.dst[i] as number;
      tmpM[p] = this.mask[i] as number;
    }
    // Merge duplicates per source: remember where each target was first put.
    const where = new Int32Array(nodes).fill(-1);
    const offsets = new Int32Array(nodes + 1);
    const targets = new Int32Array(this.size);
    const masks = new Uint8Array(this.size);
    let out = 0;
    for (let u = 0; u < nodes; u++) {
      offsets[u] = out;
      const start = out;
      for (let p = counts[u]!; p < counts[u + 1]!; p++) {
        const v = tmpT[p]!;
        const w = where[v]!;
        if (w >= start) masks[w]! |= tmpM[p]!;
        else {
          where[v] = out;
          targets[out] = v;
          masks[out] = tmpM[p]!;
          out++;
        }
      }
    }
    offsets[nodes] = out;
    return { nodes, offsets, targets: targets.slice(0, out), masks: masks.slice(0, out) };
  }
}

/** Build a `Csr` from explicit edge lists (small graphs: tests, one component). */
export function csrFromEdges(nodes: number, edges: Iterable<[number, number, number]>): Csr {
  const b = new EdgeBuilder();
  for (const [u, v, m] of edges) b.add(u, v, m);
  return b.build(nodes);
}

/**
 * Strongly connected components of `g` using only edges whose reasons meet `allowed`, by
 * Tarjan's algorithm with an explicit stack. Returns the components of two or more vertices
 * (the graph has no self edges, so a single vertex is never a cycle), each in discovery order.
 */
export function stronglyConnectedComponents(g: Csr, allowed = 0xff): number[][] {
  const n = g.nodes;
  const index = new Int32Array(n).fill(-1);
  const low = new Int32Array(n);
  const onStack = new Uint8Array(n);
  const stack = new Int32Array(n);
  let sp = 0;
  const callNode = new Int32Array(n);
  const callEdge = new Int32Array(n);
  let next = 0;
  const out: number[][] = [];
  for (let root = 0; root < n; root++) {
    if (index[root] !== -1) continue;
    let depth = 0;
    callNode[0] = root;
    callEdge[0] = g.offsets[root]!;
    index[root] = low[root] = next++;
    stack[sp++] = root;
    onStack[root] = 1;
    while (depth >= 0) {
      const u = callNode[depth]!;
      let e = callEdge[depth]!;
      const end = g.offsets[u + 1]!;
      let descended = false;
      while (e < end) {
        const v = g.targets[e]!;
        const m = g.masks[e]!;
        e++;
        if ((m & allowed) === 0) continue;
        if (index[v] === -1) {
          callEdge[depth] = e;
          depth++;
          callNode[depth] = v;
          callEdge[depth] = g.offsets[v]!;
          index[v] = low[v] = next++;
          stack[sp++] = v;
          onStack[v] = 1;
          descended = true;
          break;
        } else if (onStack[v] === 1 && index[v]! < low[u]!) {
          low[u] = index[v]!;
        }
      }
      if (descended) continue;
      if (low[u] === index[u]) {
        const comp: number[] = [];
        let w: number;
        do {
          w = stack[--sp]!;
          onStack[w] = 0;
          comp.push(w);
        } while (w !== u);
        if (comp.length > 1) out.push(comp.reverse());
      }
      depth--;
      if (depth >= 0) {
        const parent = callNode[depth]!;
        if (low[u]! < low[parent]!) low[parent] = low[u]!;
      }
    }
  }
  return out;
}

/** The subgraph of `g` induced by `members` (renumbered 0..k-1 in the given order). */
export function inducedSubgraph(g: Csr, members: readonly number[]): Csr {
  const local = new Map<number, number>();
  members.forEach((u, i) => local.set(u, i));
  const b = new EdgeBuilder();
  members.forEach((u, i) => {
    for (let e = g.offsets[u]!; e < g.offsets[u + 1]!; e++) {
      const j = local.get(g.targets[e]!);
      if (j !== undefined) b.add(i, j, g.masks[e]!);
    }
  });
  return b.build(members.length);
}
