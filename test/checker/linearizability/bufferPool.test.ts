import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  dropKeptBuffers,
  giveBuffer,
  keptBufferBytes,
  takeBuffer,
  takeInt32,
} from '../../../src/checker/linearizability/bufferPool.js';
import { checkLinearizability } from '../../../src/checker/linearizability/index.js';
import { Int32Slab } from '../../../src/checker/linearizability/int32Slab.js';
import { defineModel } from '../../../src/checker/linearizability/model.js';
import { PartitionSearch } from '../../../src/checker/linearizability/partitionSearch.js';
import { loadPorcupine } from './sharedData.js';

describe('linearizability: the buffer pool', () => {
  it('gives back a buffer to the next take of its size, zeroed as far as asked', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 100_000 }), fc.nat({ max: 255 }), (bytes, dirt) => {
        const a = takeBuffer(bytes);
        assert.ok(a.byteLength >= bytes && a.byteLength < Math.max(8192, 2 * bytes));
        new Uint8Array(a).fill(dirt + 1);
        giveBuffer(a);
        const b = takeBuffer(bytes);
        assert.equal(b, a, 'the buffer given back is reused');
        assert.ok(new Uint8Array(b, 0, bytes).every((x) => x === 0));
        // a second take of the same size while the first is out gets another buffer
        const c = takeBuffer(bytes);
        assert.notEqual(c, b);
        giveBuffer(b);
        giveBuffer(c);
      }),
      { seed: 22, numRuns: 100 },
    );
  });

  it('fills with the value asked; leaves buffers of other sizes, and dropped ones, to the collector', () => {
    const heads = takeInt32(3000, -1);
    assert.ok(heads.every((x) => x === -1));
    giveBuffer(heads.buffer);
    const zeroed = takeInt32(3000);
    assert.equal(zeroed.buffer, heads.buffer, 'reused');
    assert.ok(zeroed.every((x) => x === 0));
    zeroed.fill(7);
    giveBuffer(zeroed.buffer);
    const refilled = takeInt32(3000, -1);
    assert.equal(refilled.buffer, heads.buffer, 'reused');
    assert.ok(refilled.every((x) => x === -1));
    const before = keptBufferBytes();
    giveBuffer(new ArrayBuffer(5000)); // not a power of two
    giveBuffer(new ArrayBuffer(1024)); // below the smallest size
    assert.equal(keptBufferBytes(), before);
    dropKeptBuffers();
    assert.equal(keptBufferBytes(), 0);
    const fresh = takeBuffer(4096);
    giveBuffer(fresh);
    dropKeptBuffers();
    assert.notEqual(takeBuffer(4096), fresh, 'a dropped buffer is not handed out again');
  });

  it('drops what it keeps once a second passes with no take', async function () {
    this.timeout(10_000);
    giveBuffer(takeBuffer(1 << 16));
    assert.ok(keptBufferBytes() >= 1 << 16);
    await new Promise((resolve) => setTimeout(resolve, 2_300));
    assert.equal(keptBufferBytes(), 0);
  });

  it('a released slab or search refuses to be used', () => {
    const slab = new Int32Slab(16);
    slab.release();
    slab.release(); // a second release gives nothing back twice
    assert.throws(() => slab.take(1), /after release/);
    const model = defineModel<number, number>({
      name: 'toy',
      init: () => 0,
      step: (s) => s,
      input: () => 0,
    });
    const search = new PartitionSearch(model, [{ call: 0, ret: 1, input: 0 }], {
      keepLongest: 0,
      key: '',
    });
    search.release();
    assert.throws(() => search.run(10), /run after release/);
  });

  it('partitions searched one iteration at a time, their buffers passed on, keep their verdicts', async function () {
    this.timeout(120_000);
    // kvModel checks each key apart: with one-iteration slices every search is live at once,
    // and each one done hands its buffers to the next one made
    for (const [file, valid] of [
      ['kv/c10-ok.txt', true],
      ['kv/c10-bad.txt', false],
      ['kv/c10-ok.txt', true],
    ] as const) {
      const history = loadPorcupine(file);
      for (const sliceIterations of [1, 7, 20_000]) {
        const r = await checkLinearizability(history, {
          model: 'kvModel',
          sliceIterations,
          timeLimitMs: 60_000,
        });
        assert.equal(r.valid, valid, `${file} in slices of ${sliceIterations}`);
      }
    }
  });
});
