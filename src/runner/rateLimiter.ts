/** Spaces operations across all workers to at most `rate` per second. */
export interface RateLimiter {
  /** Resolve when the caller may start its next op. */
  take(): Promise<void>;
}

/** A limiter handing out evenly spaced slots; `null` rate gives one that never waits. */
export function createRateLimiter(rate: number | null): RateLimiter {
  if (rate === null) return { take: () => Promise.resolve() };
  const gapMs = 1000 / rate;
  let next = performance.now();
  return {
    take(): Promise<void> {
      const now = performance.now();
      const slot = Math.max(now, next);
      next = slot + gapMs;
      const wait = slot - now;
      return wait < 1 ? Promise.resolve() : new Promise((r) => setTimeout(r, wait));
    },
  };
}
