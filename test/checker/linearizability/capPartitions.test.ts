import assert from 'node:assert/strict';
import {
  capPartitions,
  type LinearizabilityResult,
  type PartitionResult,
} from '../../../src/checker/linearizability/index.js';

const part = (key: string, valid: PartitionResult['valid']): PartitionResult => ({
  key,
  valid,
  opCount: 1,
  iterations: 1,
});

const result = (partitions: PartitionResult[]): LinearizabilityResult => ({
  valid: false,
  model: 'cas-register',
  opCount: partitions.length,
  partitions,
  elapsedMs: 1,
  peakCacheBytes: 0,
});

describe('linearizability: capPartitions', () => {
  it('keeps a short list whole, with partitionsOmitted 0', () => {
    const r = capPartitions(result([part('a', true), part('b', false)]), 5);
    assert.equal(r.partitions.length, 2);
    assert.equal(r.partitionsOmitted, 0);
  });

  it('keeps the illegal, then the unknown partitions, in key order, and counts the rest', () => {
    const ps = Array.from({ length: 50 }, (_, i) =>
      part(`k${String(i).padStart(2, '0')}`, i === 40 ? false : i % 10 === 3 ? 'unknown' : true),
    );
    const r = capPartitions(result(ps), 4);
    assert.deepEqual(
      r.partitions.map((p) => p.key),
      ['k03', 'k13', 'k23', 'k40'],
    );
    assert.equal(r.partitionsOmitted, 46);
  });
});
