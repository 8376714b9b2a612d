import assert from 'node:assert/strict';
import {
  catchUps,
  lagDistribution,
  replicaLagsMs,
  type ReplicationSample,
} from '../../src/runner/observers/replicationSeries.js';

const MS = 1e6;

/** The primary writes 1000 bytes per 100 ms; n2 keeps up, n3 is 250 ms behind. */
function steady(): ReplicationSample[] {
  return Array.from({ length: 20 }, (_, i) => ({
    time: i * 100 * MS,
    primaryOffset: i * 1000,
    replicas: {
      n2: { offset: i * 1000, linkUp: true },
      n3: { offset: Math.max(0, i * 1000 - 2500), linkUp: true },
    },
  }));
}

describe('replication observer arithmetic', () => {
  it('lag: how long ago the primary had what the replica has now, interpolated between polls', () => {
    const lags = replicaLagsMs(steady());
    const n3 = lags.filter((_, i) => i % 2 === 1).slice(3);
    assert.ok(
      n3.every((l) => Math.abs(l - 250) < 1e-6),
      n3.join(','),
    );
    assert.ok(lags.filter((_, i) => i % 2 === 0).every((l) => l === 0));
  });

  it('lag distribution: quantiles and a histogram that counts every sample once', () => {
    const d = lagDistribution([0, 0, 0, 1, 3, 250, 250, 6000]);
    assert.equal(d.samples, 8);
    assert.equal(d.p50, 3);
    assert.equal(d.max, 6000);
    assert.equal(
      d.histogram.reduce((n, b) => n + b.count, 0),
      8,
    );
    assert.deepEqual(
      d.histogram.filter((b) => b.count > 0),
      [
        { le: 0, count: 3 },
        { le: 1, count: 1 },
        { le: 5, count: 1 },
        { le: 500, count: 2 },
        { le: -1, count: 1 },
      ],
    );
  });

  it('catch-up: from the fault end until the link is up with the offset the primary had then', () => {
    const series: ReplicationSample[] = steady().map((s, i) => ({
      ...s,
      replicas: {
        // Cut off until 1 s, resynced at 1.3 s.
        n2: i < 13 ? { offset: 2000, linkUp: i < 3 } : { offset: s.primaryOffset, linkUp: true },
      },
    }));
    assert.deepEqual(catchUps(series, [1000 * MS]), [
      { replica: 'n2', faultEnd: 1000 * MS, ms: 300 },
    ]);
    assert.deepEqual(catchUps(series, [5000 * MS]), [
      { replica: 'n2', faultEnd: 5000 * MS, ms: null },
    ]);
    const lags = replicaLagsMs(series);
    assert.equal(lags.length, 3 + 7, 'samples with the link down are left out');
  });
});
