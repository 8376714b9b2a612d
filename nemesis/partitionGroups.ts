import type { Random } from '../src/common/random.js';
import { zoneHomes } from './zones.js';

/**
 * Partition shapes. In every shape each client zone stays on the side of its home node
 * (see `zones.ts`), so `primary-with-clients` is the primary and the zones next to it against
 * everything else.
 */
export type PartitionTarget =
  'primary-with-clients' | 'primary-with-one-replica' | 'majority-minority' | 'random-halves';
export const PARTITION_TARGETS: readonly PartitionTarget[] = [
  'primary-with-clients',
  'primary-with-one-replica',
  'majority-minority',
  'random-halves',
];

/** One side of a partition: nodes and the client zones that stay with them. */
export interface PartitionSide {
  readonly nodes: string[];
  readonly zones: string[];
}

/** Two sides; the first holds the primary when the shape is primary-centred. */
export interface PartitionGroups {
  readonly target: PartitionTarget;
  readonly sides: readonly [PartitionSide, PartitionSide];
}

export interface PartitionInput {
  /** Node names in `Deployment.nodes` order. */
  readonly nodes: readonly string[];
  /** Zone names in `Deployment.zones` order. */
  readonly zones: readonly string[];
  /** The current primary, when known (required by the primary-centred shapes). */
  readonly primary: string | undefined;
  readonly target: PartitionTarget;
}

function firstSideNodes(input: PartitionInput, rng: Random): string[] {
  const { nodes, primary, target } = input;
  const needPrimary = (): string => {
    if (primary === undefined || !nodes.includes(primary)) {
      throw new Error(`partition ${target}: no current primary among ${nodes.join(', ')}`);
    }
    return primary;
  };
  switch (target) {
    case 'primary-with-clients':
      return [needPrimary()];
    case 'primary-with-one-replica': {
      const p = needPrimary();
      return [p, rng.pick(nodes.filter((n) => n !== p))];
    }
    case 'majority-minority':
      // The minority: the largest group strictly smaller than half (at least one node).
      return rng.shuffle(nodes).slice(0, Math.max(1, Math.ceil(nodes.length / 2) - 1));
    case 'random-halves':
      return rng.shuffle(nodes).slice(0, Math.floor(nodes.length / 2));
  }
}

/**
 * Split nodes into two sides for `target`, each zone staying with its home node. Pure: the
 * same input and the same rng state give the same groups. Needs at least two nodes (three for
 * `primary-with-one-replica`).
 */
export function partitionGroups(input: PartitionInput, rng: Random): PartitionGroups {
  const min = input.target === 'primary-with-one-replica' ? 3 : 2;
  if (input.nodes.length < min) {
    throw new Error(`partition ${input.target} needs ${min} nodes, got ${input.nodes.length}`);
  }
  const first = new Set(firstSideNodes(input, rng));
  const homes = zoneHomes(
    input.zones.map((name) => ({ name })),
    input.nodes.map((name) => ({ name })),
  );
  const side = (inFirst: boolean): PartitionSide => ({
    nodes: input.nodes.filter((n) => first.has(n) === inFirst),
    zones: homes.filter((h) => first.has(h.node) === inFirst).map((h) => h.zone),
  });
  return { target: input.target, sides: [side(true), side(false)] };
}

/** `[["n1","c1"],["n2","n3","c2","c3"]]`: the history value of a partition. */
export function groupsValue(groups: PartitionGroups): string[][] {
  return groups.sides.map((s) => [...s.nodes, ...s.zones]);
}

/** `n1 c1 | n2 n3 c2 c3`: the human description of a partition. */
export function describeGroups(groups: PartitionGroups): string {
  return groupsValue(groups)
    .map((g) => g.join(' '))
    .join(' | ');
}
