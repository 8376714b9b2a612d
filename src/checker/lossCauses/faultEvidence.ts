/**
 * The faults as the pass reads them: each interval of the run's fault list with the nodes it
 * acted on and what it did, from the nemesis's own ops in the history (a kill names its node,
 * a power loss its bytes dropped and kill times, a partition its sides).
 */
import type { FaultInterval } from '../../history/faultInterval.js';
import type { Op } from '../../history/op.js';
import type { FaultEvidence } from './evidence.js';

function obj(v: unknown): Record<string, unknown> | undefined {
  return v !== null && typeof v === 'object' && !Array.isArray(v)
    ? (v as Record<string, unknown>)
    : undefined;
}

function numbers(v: unknown): Record<string, number> | undefined {
  const o = obj(v);
  if (!o) return undefined;
  const out: Record<string, number> = {};
  for (const [k, x] of Object.entries(o)) if (typeof x === 'number') out[k] = x;
  return out;
}

/**
 * `faults` (in the order the run lists them) joined with the nemesis start ops of `nemesisOps`
 * that opened them (same fault kind, `value.at` equal to the interval's start). `nodes` are the
 * deployment's node names, to tell a partition's nodes from its client zones.
 */
export function faultEvidence(
  faults: readonly FaultInterval[],
  nemesisOps: Iterable<Op>,
  nodes: readonly string[],
): FaultEvidence[] {
  const starts: Record<string, unknown>[] = [];
  for (const op of nemesisOps) {
    const v = obj(op.value);
    if (op.type !== 'invoke' && v && typeof v.at === 'number' && typeof v.fault === 'string') {
      starts.push(v);
    }
  }
  const isNode = new Set(nodes);
  return faults.map((f, index) => {
    const v = starts.find((x) => x.fault === f.fault && x.at === f.start);
    const e: FaultEvidence = { index, fault: f.fault, start: f.start, nodes: [] };
    if (f.target !== undefined) e.target = f.target;
    if (f.description !== undefined) e.description = f.description;
    if (f.end !== undefined) e.end = f.end;
    if (v === undefined) return e;
    const named = Array.isArray(v.nodes)
      ? v.nodes.filter((x): x is string => typeof x === 'string')
      : typeof v.node === 'string'
        ? v.node.split(',')
        : [];
    const groups = Array.isArray(v.groups)
      ? v.groups.map((g) =>
          Array.isArray(g) ? g.filter((x): x is string => typeof x === 'string') : [],
        )
      : [];
    if (groups.length > 1) {
      const sides = groups.map((g) => g.filter((x) => isNode.has(x)));
      const total = sides.reduce((sum, g) => sum + g.length, 0);
      e.minority = sides.filter((g) => g.length * 2 <= total && total > 1).flat();
      e.nodes = sides.flat();
    }
    if (named.length > 0) e.nodes = named;
    if (typeof v.cutMs === 'number') e.cutMs = v.cutMs;
    const dropped = numbers(v.dropped);
    if (dropped) e.dropped = dropped;
    const killedAt = numbers(v.killedAt);
    if (killedAt) e.killedAt = killedAt;
    return e;
  });
}
