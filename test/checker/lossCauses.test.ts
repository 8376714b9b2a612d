import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  explainLosses,
  LOSS_CAUSES,
  lostWriteColumnsOf,
  type LossEvidence,
  type NodeEventsObservation,
} from '../../src/checker/lossCauses/index.js';

const S = 1e9;

/** `count` writes acknowledged by `node`, evenly from `from` to `to` (ns). */
function acks(node: string, count: number, from: number, to: number) {
  return Array.from({ length: count }, (_, i) => ({
    element: `${node}-${i}`,
    ack: count === 1 ? from : from + ((to - from) * i) / (count - 1),
    node,
  }));
}

function observed(o: Partial<NodeEventsObservation>): NodeEventsObservation {
  return {
    intervalMs: 200,
    samples: 100,
    roles: [],
    restarts: [],
    resyncs: [],
    saves: [],
    persistence: [],
    ...o,
  };
}

function evidence(o: Partial<LossEvidence>): LossEvidence {
  return {
    topology: 'standalone',
    persistence: 'none',
    nodes: ['n1', 'n2', 'n3'],
    faults: [],
    failovers: [],
    endNs: 30 * S,
    ...o,
  };
}

describe('loss causes: every lost write given one cause', () => {
  it('failover: acknowledged by a primary Sentinel replaced, discarded by the full resync from the new one', () => {
    const e = evidence({
      topology: 'sentinel',
      faults: [
        {
          index: 0,
          fault: 'partition',
          start: 5 * S,
          end: 15 * S,
          nodes: ['n1', 'n2', 'n3'],
          minority: ['n1'],
        },
      ],
      failovers: [{ time: 8 * S, from: 'n1', to: 'n3' }],
      observed: observed({
        roles: [{ time: 15.2 * S, node: 'n1', role: 'replica', primary: 'n3', offset: 123 }],
        resyncs: [{ time: 15.3 * S, primary: 'n3', kind: 'full', offset: 456 }],
      }),
    });
    const r = explainLosses(lostWriteColumnsOf(acks('n1', 500, 5 * S, 14.5 * S)), e);
    assert.equal(r.counts.failover, 500);
    assert.equal(r.explainedPercent, 100);
    const g = r.groups[0];
    assert.equal(g?.cause, 'failover');
    assert.equal(g?.node, 'n1');
    assert.equal(g?.fault?.fault, 'partition');
    assert.equal(g?.evidence.promoted, 'n3');
    assert.equal(g?.evidence.resyncKind, 'full');
    assert.equal(g?.evidence.demotedAt, 15.2 * S);
    assert.match(g?.sentence ?? '', /n1 kept acknowledging for 6\.50 s after Sentinel promoted n3/);
    assert.match(
      g?.sentence ?? '',
      /when the partition healed n1 became a replica of n3 and a full resync from n3 discarded 500 writes/,
    );
  });

  it('power loss: the un-fsynced tail before the cut, with the bytes dropped', () => {
    const e = evidence({
      persistence: 'aof-everysec',
      faults: [
        {
          index: 0,
          fault: 'power-loss',
          start: 10 * S,
          end: 11 * S,
          nodes: ['n1'],
          dropped: { n1: 40_960 },
          killedAt: { n1: 10 * S },
        },
      ],
    });
    const r = explainLosses(lostWriteColumnsOf(acks('n1', 300, 9.1 * S, 10 * S)), e);
    assert.equal(r.counts['power-loss'], 300);
    assert.equal(r.groups[0]?.evidence.bytesDropped, 40_960);
    assert.equal(r.groups[0]?.evidence.tailMs, 900);
    assert.match(
      r.groups[0]?.sentence ?? '',
      /power loss of n1 at t = 10\.0 s dropped 40,960 bytes/,
    );
    assert.equal(r.lossWindowMs, 900);
  });

  it('a power loss that dropped nothing explains nothing: its losses are unexplained', () => {
    const e = evidence({
      persistence: 'aof-always',
      faults: [
        {
          index: 0,
          fault: 'power-loss',
          start: 10 * S,
          end: 11 * S,
          nodes: ['n1'],
          dropped: { n1: 0 },
        },
      ],
    });
    const r = explainLosses(lostWriteColumnsOf(acks('n1', 7, 9 * S, 10 * S)), e);
    assert.equal(r.counts.unexplained, 7);
  });

  it('power loss under everysec: writes acknowledged in the last seconds were not yet written, though nothing was dropped', () => {
    const e = evidence({
      persistence: 'aof-everysec',
      faults: [
        {
          index: 0,
          fault: 'power-loss',
          start: 10 * S,
          end: 11 * S,
          nodes: ['n1'],
          dropped: { n1: 0 },
        },
      ],
    });
    const r = explainLosses(
      lostWriteColumnsOf([...acks('n1', 9, 9.5 * S, 10 * S), ...acks('n1', 2, 4 * S, 5 * S)]),
      e,
    );
    assert.equal(r.counts['power-loss'], 9);
    assert.equal(r.counts.unexplained, 2, 'five seconds before the cut is beyond everysec');
  });

  it('restart from an older snapshot: the writes since the last RDB save before the kill', () => {
    const e = evidence({
      persistence: 'rdb',
      faults: [{ index: 0, fault: 'kill', start: 20 * S, end: 21 * S, nodes: ['n1'] }],
      observed: observed({
        saves: [
          { time: 4 * S, node: 'n1' },
          { time: 12 * S, node: 'n1', changesBefore: 80_000 },
        ],
        restarts: [{ time: 21.2 * S, node: 'n1', keys: 90_000, keysBefore: 150_000 }],
        persistence: [{ node: 'n1', aof: false, rdb: true }],
      }),
    });
    const lost = [...acks('n1', 1000, 12.1 * S, 19.9 * S)];
    const r = explainLosses(lostWriteColumnsOf(lost), e);
    assert.equal(r.counts['older-snapshot'], 1000);
    assert.equal(r.groups[0]?.evidence.lastSaveAt, 12 * S);
    assert.equal(r.groups[0]?.evidence.sinceSaveMs, 8000);
    assert.match(
      r.groups[0]?.sentence ?? '',
      /restarted from its RDB snapshot of t = 12\.0 s; the 1,000 writes acknowledged in the 8\.00 s between were lost/,
    );
    // A write acknowledged well before that save was in the snapshot: not this mechanism.
    const early = explainLosses(lostWriteColumnsOf(acks('n1', 3, 6 * S, 7 * S)), e);
    assert.equal(early.counts.unexplained, 3);
  });

  it('wiped by an empty primary: restarted with 0 keys, its replicas resynced from it', () => {
    const e = evidence({
      topology: 'replication',
      faults: [{ index: 0, fault: 'kill', start: 10 * S, end: 11 * S, nodes: ['n1'] }],
      observed: observed({
        restarts: [{ time: 11.1 * S, node: 'n1', keys: 0, keysBefore: 5000 }],
        resyncs: [
          { time: 11.4 * S, primary: 'n1', kind: 'full' },
          { time: 11.5 * S, primary: 'n1', kind: 'full' },
        ],
        persistence: [{ node: 'n1', aof: false, rdb: false }],
      }),
    });
    const r = explainLosses(lostWriteColumnsOf(acks('n1', 5000, 0.1 * S, 9.9 * S)), e);
    assert.equal(r.counts.wiped, 5000);
    assert.equal(r.groups[0]?.evidence.emptyFrom, 'observed');
    assert.equal(r.groups[0]?.evidence.resyncs, 2);
    assert.match(
      r.groups[0]?.sentence ?? '',
      /restarted with 0 keys \(it held 5,000 before\); its replicas resynced from it/,
    );
  });

  it('cluster minority: a cut shard primary acknowledging until the cluster failed it over; failover kept beside it', () => {
    const e = evidence({
      topology: 'cluster',
      clusterNodeTimeoutMs: 2000,
      nodes: ['n1', 'n2', 'n3', 'n4', 'n5', 'n6'],
      faults: [
        {
          index: 0,
          fault: 'partition',
          start: 5 * S,
          end: 15 * S,
          nodes: ['n1', 'n2', 'n3', 'n4', 'n5', 'n6'],
          minority: ['n1'],
        },
      ],
      failovers: [{ time: 7.6 * S, from: 'n1', to: 'n4', shard: 's1' }],
    });
    const r = explainLosses(lostWriteColumnsOf(acks('n1', 200, 5 * S, 7.1 * S)), e);
    assert.equal(r.counts['cluster-minority'], 200);
    assert.equal(r.groups[0]?.alsoFits.failover, 200);
    assert.equal(r.groups[0]?.evidence.ackedAfterCutMs, 2100);
    assert.match(
      r.groups[0]?.sentence ?? '',
      /n1 was cut off from the cluster majority at t = 5\.0 s and kept acknowledging for 2\.10 s \(cluster-node-timeout 2,000 ms\); n4 took over its shard/,
    );
  });

  it('precedence: power loss wins over a later failover, which is kept beside it', () => {
    const e = evidence({
      topology: 'sentinel',
      persistence: 'aof-everysec',
      faults: [
        {
          index: 0,
          fault: 'power-loss',
          start: 10 * S,
          end: 11 * S,
          nodes: ['n1'],
          dropped: { n1: 100 },
        },
      ],
      failovers: [{ time: 25 * S, from: 'n1', to: 'n2' }],
    });
    const r = explainLosses(lostWriteColumnsOf(acks('n1', 10, 9.5 * S, 10 * S)), e);
    assert.equal(r.counts['power-loss'], 10);
    assert.deepEqual(r.groups[0]?.alsoFits, { failover: 10 });
  });

  it('losses that fit no mechanism are unexplained, listed first', () => {
    const e = evidence({
      topology: 'sentinel',
      faults: [
        {
          index: 0,
          fault: 'partition',
          start: 5 * S,
          end: 15 * S,
          nodes: ['n1', 'n2', 'n3'],
          minority: ['n1'],
        },
      ],
      failovers: [{ time: 8 * S, from: 'n1', to: 'n3' }],
    });
    // n1's writes fit the failover; n2 was never replaced, killed or cut: nothing explains its losses.
    const lost = [...acks('n1', 400, 5 * S, 12 * S), ...acks('n2', 40, 20 * S, 21 * S)];
    const r = explainLosses(lostWriteColumnsOf(lost), e);
    assert.equal(r.counts.unexplained, 40);
    assert.equal(r.counts.failover, 400);
    assert.equal(r.groups[0]?.cause, 'unexplained');
    assert.equal(r.groups[0]?.node, 'n2');
    assert.match(
      r.groups[0]?.sentence ?? '',
      /40 writes acknowledged by n2 between t = 20\.0 s and t = 21\.0 s fit no mechanism/,
    );
    assert.equal(r.explainedPercent, 90.9);
    assert.deepEqual(r.byNode, { n1: 400, n2: 40 });
  });

  it('samples span the whole loss of each cause, first and last included', () => {
    const e = evidence({ failovers: [{ time: 50 * S, from: 'n1', to: 'n2' }] });
    const lost = acks('n1', 10_000, 1 * S, 40 * S);
    const r = explainLosses(lostWriteColumnsOf(lost), e, { samplesPerCause: 50 });
    assert.equal(r.samples.length, 50);
    assert.equal(r.samples[0]?.ack, 1 * S);
    assert.equal(r.samples[49]?.ack, 40 * S);
    const gaps = r.samples.slice(1).map((x, i) => x.ack - (r.samples[i]?.ack ?? 0));
    assert.ok(Math.max(...gaps) < 1 * S, 'evenly spread, not the first 50');
  });

  it('property: every lost write gets exactly one cause; counts, groups, nodes and buckets each sum to the lost', () => {
    const node = fc.constantFrom('n1', 'n2', 'n3', undefined);
    const t = fc.integer({ min: 0, max: 30_000 }).map((ms) => ms * 1e6);
    const fault = fc.record({
      fault: fc.constantFrom('kill', 'power-loss', 'partition', 'pause'),
      start: t,
      len: fc.integer({ min: 0, max: 10_000 }).map((ms) => ms * 1e6),
      node: fc.constantFrom('n1', 'n2', 'n3'),
      dropped: fc.option(fc.nat(5000), { nil: undefined }),
    });
    fc.assert(
      fc.property(
        fc.array(fc.record({ ack: t, node }), { maxLength: 300 }),
        fc.array(fault, { maxLength: 4 }),
        fc.array(
          fc.record({
            time: t,
            from: fc.constantFrom('n1', 'n2', 'n3'),
            to: fc.constantFrom('n1', 'n2', 'n3'),
          }),
          { maxLength: 3 },
        ),
        fc.constantFrom('standalone', 'replication', 'sentinel', 'cluster'),
        fc.constantFrom('none', 'rdb', 'aof-everysec'),
        (rows, faults, failovers, topology, persistence) => {
          const lost = lostWriteColumnsOf(
            rows.map((r, i) => ({
              element: `e${i}`,
              ack: r.ack,
              ...(r.node === undefined ? {} : { node: r.node }),
            })),
          );
          const e = evidence({
            topology,
            persistence,
            faults: faults.map((f, index) => ({
              index,
              fault: f.fault,
              start: f.start,
              end: f.start + f.len,
              nodes: [f.node],
              ...(f.fault === 'partition' ? { minority: [f.node] } : {}),
              ...(f.dropped === undefined ? {} : { dropped: { [f.node]: f.dropped } }),
            })),
            failovers,
          });
          const r = explainLosses(lost, e, { buckets: 17, samplesPerCause: 5 });
          const sum = (xs: number[]): number => xs.reduce((a, b) => a + b, 0);
          assert.equal(r.lost, rows.length);
          assert.equal(sum(LOSS_CAUSES.map((c) => r.counts[c])), rows.length);
          assert.equal(sum(r.groups.map((g) => g.count)), rows.length);
          assert.equal(sum(Object.values(r.byNode)), rows.length);
          assert.equal(sum(Object.values(r.buckets.counts).flatMap((b) => b ?? [])), rows.length);
          for (const c of LOSS_CAUSES) {
            assert.equal(
              sum(r.groups.filter((g) => g.cause === c).map((g) => g.count)),
              r.counts[c],
            );
            assert.equal(r.samples.filter((x) => x.cause === c).length, Math.min(5, r.counts[c]));
          }
          for (const g of r.groups) {
            assert.ok(g.count > 0 && g.firstAck <= g.lastAck);
            assert.ok(!(g.cause in g.alsoFits), 'a group does not fit its own cause "beside" it');
            assert.ok(Object.values(g.alsoFits).every((n) => n <= g.count));
          }
          if (rows.length > 0) {
            const acksAll = rows.map((x) => x.ack);
            assert.equal(
              r.lossWindowMs,
              Math.round((Math.max(...acksAll) - Math.min(...acksAll)) / 1e3) / 1e3,
            );
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
