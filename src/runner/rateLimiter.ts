/** Spaces operations across all workers to at most `rate` per second. */
export interface RateLimiter {
  /**
   * Take the next slot: `undefined` when the caller may start its next op now (no promise to
   * wait on: most ops of an unlimited run), else a promise that resolves when it may.
   */
  take(): Promise<void> | undefined;
}

/** A limiter handing out evenly spaced slots; `null` rate gives one that never waits. */
export function createRateLimiter(rate: number | null): RateLimiter {
  if (rate === null) return { take: () => undefined };
  const gapMs = 1000 / rate;
  let next = performance.now();
  return {
    take(): Promise<void> | undefined {
      const now = performance.now();
      const slot = Math.max(now, next);
      next = slot + gapMs;
      const wait = slot - now;
      return wait < 1 ? undefined : new Promise((r) => setTimeout(r, wait));
    },
  };
}
