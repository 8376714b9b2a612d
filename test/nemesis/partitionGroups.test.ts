import assert from 'node:assert/strict';
import fc from 'fast-check';
import { describe, it } from 'mocha';
import {
  PARTITION_TARGETS,
  describeGroups,
  groupsValue,
  partitionGroups,
  zonesNextTo,
  type PartitionTarget,
} from '../../nemesis/index.js';
import { createRandom } from '../../src/common/random.js';

const names = (prefix: string, n: number): string[] =>
  Array.from({ length: n }, (_, i) => `${prefix}${i + 1}`);

const arbInput = fc
  .record({
    nodeCount: fc.integer({ min: 3, max: 9 }),
    zoneCount: fc.integer({ min: 0, max: 12 }),
    primaryIndex: fc.nat(),
    target: fc.constantFrom(...PARTITION_TARGETS),
    seed: fc.integer({ min: 0, max: 0xffffffff }),
  })
  .map((r) => {
    const nodes = names('n', r.nodeCount);
    return {
      nodes,
      zones: names('c', r.zoneCount),
      primary: nodes[r.primaryIndex % r.nodeCount] as string,
      target: r.target,
      seed: r.seed,
    };
  });

describe('partition grouping', () => {
  it('sides are disjoint, non-empty in nodes, and cover every node and zone', () => {
    fc.assert(
      fc.property(arbInput, (input) => {
        const g = partitionGroups(input, createRandom(input.seed));
        const [a, b] = g.sides;
        assert.ok(a.nodes.length > 0 && b.nodes.length > 0);
        const all = [...a.nodes, ...a.zones, ...b.nodes, ...b.zones];
        assert.equal(new Set(all).size, all.length, 'disjoint');
        assert.deepEqual(
          new Set(all),
          new Set([...input.nodes, ...input.zones]),
          'covers all nodes and zones',
        );
      }),
    );
  });

  it('each zone stays on the side of its home node', () => {
    fc.assert(
      fc.property(arbInput, (input) => {
        const g = partitionGroups(input, createRandom(input.seed));
        for (const side of g.sides) {
          for (const node of side.nodes) {
            for (const zone of zonesNextTo(
              node,
              input.zones.map((name) => ({ name })),
              input.nodes.map((name) => ({ name })),
            )) {
              assert.ok(side.zones.includes(zone), `${zone} with ${node}`);
            }
          }
        }
      }),
    );
  });

  it('primary-with-clients: the primary and its zones alone on one side', () => {
    fc.assert(
      fc.property(arbInput, (input) => {
        const g = partitionGroups(
          { ...input, target: 'primary-with-clients' },
          createRandom(input.seed),
        );
        const [a] = g.sides;
        assert.deepEqual(a.nodes, [input.primary]);
        const mine = zonesNextTo(
          input.primary,
          input.zones.map((name) => ({ name })),
          input.nodes.map((name) => ({ name })),
        );
        assert.deepEqual(a.zones, mine);
      }),
    );
  });

  it('shapes: sizes of the sides', () => {
    fc.assert(
      fc.property(arbInput, (input) => {
        const size = (t: PartitionTarget): number =>
          partitionGroups({ ...input, target: t }, createRandom(input.seed)).sides[0].nodes.length;
        const n = input.nodes.length;
        assert.equal(size('primary-with-one-replica'), 2);
        assert.ok(size('majority-minority') < n / 2, 'minority is strictly smaller than half');
        assert.equal(size('random-halves'), Math.floor(n / 2));
        const g = partitionGroups(
          { ...input, target: 'primary-with-one-replica' },
          createRandom(input.seed),
        );
        assert.ok(g.sides[0].nodes.includes(input.primary));
      }),
    );
  });

  it('is deterministic for a seed', () => {
    fc.assert(
      fc.property(arbInput, (input) => {
        assert.deepEqual(
          partitionGroups(input, createRandom(input.seed)),
          partitionGroups(input, createRandom(input.seed)),
        );
      }),
    );
  });

  it('renders the history value and the description', () => {
    const g = partitionGroups(
      {
        nodes: ['n1', 'n2', 'n3'],
        zones: ['c1', 'c2', 'c3'],
        primary: 'n1',
        target: 'primary-with-clients',
      },
      createRandom(1),
    );
    assert.deepEqual(groupsValue(g), [
      ['n1', 'c1'],
      ['n2', 'n3', 'c2', 'c3'],
    ]);
    assert.equal(describeGroups(g), 'n1 c1 | n2 n3 c2 c3');
  });

  it('needs a primary for primary-centred shapes and enough nodes', () => {
    const base = { nodes: ['n1', 'n2', 'n3'], zones: [], primary: undefined };
    assert.throws(
      () => partitionGroups({ ...base, target: 'primary-with-clients' }, createRandom(1)),
      /no current primary/,
    );
    assert.throws(
      () =>
        partitionGroups(
          { ...base, nodes: ['n1', 'n2'], primary: 'n1', target: 'primary-with-one-replica' },
          createRandom(1),
        ),
      /needs 3 nodes/,
    );
  });
});
