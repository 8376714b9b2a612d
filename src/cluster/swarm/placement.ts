import { RedcheckError } from '../../errors.js';
import type { EngineRef } from './engines.js';

/** Which engine each node goes to: node name to the engine's name as `--engines` wrote it. */
export type Placement = ReadonlyMap<string, string>;

/**
 * Parse `--placement n1=<engine>,n2=<engine>,...`: each engine named as in `--engines`, or by
 * its 1-based position there (`n1=1`). Nodes not named are placed round-robin afterwards.
 */
export function parsePlacement(text: string, engines: readonly EngineRef[]): Placement {
  const out = new Map<string, string>();
  for (const raw of text.split(',')) {
    const entry = raw.trim();
    if (entry === '') continue;
    const eq = entry.indexOf('=');
    const node = entry.slice(0, eq).trim();
    const want = entry.slice(eq + 1).trim();
    if (eq < 0 || !/^n\d+$/.test(node) || want === '') {
      throw new RedcheckError(
        'E_ENGINES',
        `--placement: ${JSON.stringify(entry)} is not node=engine`,
        'write e.g. --placement n1=tcp://lab-1:2375,n2=2 (an engine of --engines, or its position)',
      );
    }
    const byIndex = /^\d+$/.test(want) ? engines[Number(want) - 1] : undefined;
    const engine = byIndex ?? engines.find((e) => e.name === want);
    if (!engine) {
      throw new RedcheckError(
        'E_ENGINES',
        `--placement: ${node}=${want} names no engine of --engines`,
        `use one of: ${engines.map((e, i) => `${e.name} (or ${i + 1})`).join(', ')}`,
      );
    }
    if (out.has(node)) {
      throw new RedcheckError(
        'E_ENGINES',
        `--placement: ${node} is placed twice`,
        'name each node once',
      );
    }
    out.set(node, engine.name);
  }
  return out;
}

/**
 * The engine of every node: those `placement` names where it says, the others round-robin
 * over the engines in `--engines` order, each next node to the engine holding the fewest so
 * far (ties to the earlier engine), so with no placement n1 goes to the first engine, n2 to
 * the second, and so on. A placement naming a node the deployment lacks is an error.
 */
export function placeNodes(
  nodes: readonly string[],
  engines: readonly EngineRef[],
  placement: Placement = new Map(),
): Map<string, string> {
  if (engines.length === 0) {
    throw new RedcheckError('E_ENGINES', 'no engine to place nodes on', 'give --engines');
  }
  for (const node of placement.keys()) {
    if (!nodes.includes(node)) {
      throw new RedcheckError(
        'E_ENGINES',
        `--placement names ${node}, which this deployment does not have`,
        `its nodes are ${nodes.join(', ')}`,
      );
    }
  }
  const load = new Map(engines.map((e) => [e.name, 0]));
  const out = new Map<string, string>();
  for (const [node, engine] of placement) {
    out.set(node, engine);
    load.set(engine, (load.get(engine) ?? 0) + 1);
  }
  for (const node of nodes) {
    if (out.has(node)) continue;
    let best = engines[0]?.name ?? '';
    for (const e of engines) if ((load.get(e.name) ?? 0) < (load.get(best) ?? 0)) best = e.name;
    out.set(node, best);
    load.set(best, (load.get(best) ?? 0) + 1);
  }
  return new Map(nodes.map((n) => [n, out.get(n) ?? '']));
}
