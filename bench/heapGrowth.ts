import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/** A full garbage collection, without starting node with `--expose-gc`. */
function gc(): void {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
}

/** The JS heap in use plus the ArrayBuffers (typed arrays) outside it: the checker's caches. */
const used = (): number => {
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
};

/**
 * Runs `work` after a full GC and returns what it returned with the heap it grew by, in bytes:
 * the peak of `heapUsed` plus `arrayBuffers` (the search caches are typed arrays, outside the
 * JS heap) sampled every `sampleMs` while it runs (it must yield to the event loop now and
 * then), less the same before. An upper bound on what it holds (garbage not yet collected,
 * and a typed array's old copy while it grows, count too).
 */
export async function withHeapGrowth<T>(
  work: () => Promise<T>,
  sampleMs: number,
): Promise<{ result: T; heapGrowth: number }> {
  // twice, a tick apart: the first collection's dead ArrayBuffers are freed after it (their
  // sweep is concurrent), and counted until then
  gc();
  await new Promise((resolve) => setTimeout(resolve, 10));
  gc();
  const before = used();
  let peak = before;
  const sampler = setInterval(() => {
    peak = Math.max(peak, used());
  }, sampleMs);
  try {
    const result = await work();
    peak = Math.max(peak, used());
    return { result, heapGrowth: peak - before };
  } finally {
    clearInterval(sampler);
  }
}
