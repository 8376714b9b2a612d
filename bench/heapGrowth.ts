import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/** A full garbage collection, without starting node with `--expose-gc`. */
function gc(): void {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
}

/**
 * Runs `work` after a full GC and returns what it returned with the heap it grew by, in bytes:
 * the peak of `heapUsed` sampled every `sampleMs` while it runs (it must yield to the event
 * loop now and then), less the heap before. An upper bound on what it holds (garbage not yet
 * collected counts too).
 */
export async function withHeapGrowth<T>(
  work: () => Promise<T>,
  sampleMs: number,
): Promise<{ result: T; heapGrowth: number }> {
  gc();
  const before = process.memoryUsage().heapUsed;
  let peak = before;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().heapUsed);
  }, sampleMs);
  try {
    const result = await work();
    peak = Math.max(peak, process.memoryUsage().heapUsed);
    return { result, heapGrowth: peak - before };
  } finally {
    clearInterval(sampler);
  }
}
