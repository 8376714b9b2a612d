import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  checkLinearizability,
  checkLinearizabilityStreamed,
  type HistoryReplay,
  type LinearizabilityOptions,
  type LinearizabilityResult,
} from '../../../src/checker/linearizability/index.js';
import type { Op } from '../../../src/history/op.js';
import { drawnOp, sequentialRegister, toHistory, type IntervalOp } from './histories.js';
import { loadPorcupine, readExpected } from './sharedData.js';

/** A replay of an in-memory history that counts how often it was read. */
function replayOf(history: readonly Op[]): { replay: HistoryReplay; reads: () => number } {
  let reads = 0;
  return {
    replay: (onOp) => {
      reads++;
      for (const op of history) onOp(op);
      return Promise.resolve();
    },
    reads: () => reads,
  };
}

/** A result without its timings, for comparing two checks of one history. */
function timeless(r: LinearizabilityResult): unknown {
  const { elapsedMs: _elapsed, peakCacheBytes: _peak, ...rest } = r;
  return rest;
}

async function bothWays(
  history: readonly Op[],
  o: LinearizabilityOptions,
): Promise<{ whole: LinearizabilityResult; streamed: LinearizabilityResult; reads: number }> {
  const whole = await checkLinearizability(history, o);
  const r = replayOf(history);
  const streamed = await checkLinearizabilityStreamed(r.replay, o);
  return { whole, streamed, reads: r.reads() };
}

/** Drawn register ops spread over keys, some outputs changed so that a share is invalid. */
const keyedRegister = fc
  .record({
    drawn: fc.array(drawnOp, { minLength: 1, maxLength: 24 }),
    keys: fc.array(fc.integer({ min: 0, max: 2 }), { minLength: 24, maxLength: 24 }),
    corrupt: fc.option(fc.record({ at: fc.nat(), to: fc.integer({ min: 1, max: 4 }) })),
  })
  .map(({ drawn, keys, corrupt }): IntervalOp[] => {
    const ops = sequentialRegister(drawn).map((o, i) => ({ ...o, key: `k${keys[i] ?? 0}` }));
    if (corrupt) {
      const reads = ops.filter((o) => o.f === 'read' && o.status === 'ok');
      const victim = reads[corrupt.at % Math.max(1, reads.length)];
      if (victim) ops[ops.indexOf(victim)] = { ...victim, output: corrupt.to };
    }
    return ops;
  });

describe('linearizability: a streamed check gives the verdict of the check in memory', () => {
  for (const model of ['cas-register', 'etcd'] as const) {
    for (const uniqueValues of [true, false]) {
      it(`on keyed register histories (${model}, unique-values path ${uniqueValues ? 'on' : 'off'})`, async () => {
        const seen = { true: 0, false: 0, unknown: 0 };
        await fc.assert(
          fc.asyncProperty(keyedRegister, async (ops) => {
            const history = toHistory(ops);
            const o = { model, verbose: true, uniqueValues, timeLimitMs: 20_000 };
            const { whole, streamed, reads } = await bothWays(history, o);
            assert.deepEqual(timeless(streamed), timeless(whole));
            // the evidence of an illegal partition needs a second reading, nothing else does
            assert.equal(reads, whole.valid === false ? 2 : 1);
            seen[String(whole.valid) as keyof typeof seen]++;
          }),
          { numRuns: 150 },
        );
        assert.ok(seen.true > 10 && seen.false > 10, JSON.stringify(seen));
      });
    }
  }

  it("on Porcupine's recorded histories (etcd and kv models), evidence included", async function () {
    this.timeout(120_000);
    const rows = readExpected().filter((r) => r.expected === 'ok' || r.expected === 'illegal');
    // every kv history and a spread of the etcd ones
    const chosen = rows.filter((r, i) => r.path.startsWith('kv/') || i % 8 === 0);
    assert.ok(chosen.length >= 10);
    for (const row of chosen) {
      const history = loadPorcupine(row.path);
      const o = { model: row.model, verbose: true, timeLimitMs: 30_000 };
      const { whole, streamed } = await bothWays(history, o);
      assert.equal(streamed.valid, row.expected === 'ok', row.path);
      assert.deepEqual(timeless(streamed), timeless(whole), row.path);
    }
  });

  it('names a completion with no invoke as the check in memory does', async () => {
    const history: Op[] = [{ index: 0, time: 0, process: 0, type: 'ok', f: 'read', value: 1 }];
    await assert.rejects(
      checkLinearizabilityStreamed(replayOf(history).replay, { model: 'cas-register' }),
      /has no pending invoke/,
    );
  });
});
