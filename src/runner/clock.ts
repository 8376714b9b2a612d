/** The history's clock: monotonic nanoseconds since the run started. */
export interface RunClock {
  /** ns since `start`, as a JS number (exact up to ~104 days). */
  now(): number;
  /** Milliseconds since start, for progress and deadlines. */
  elapsedMs(): number;
}

/** A clock that starts now, on `process.hrtime.bigint`. */
export function startClock(): RunClock {
  const origin = process.hrtime.bigint();
  const now = (): number => Number(process.hrtime.bigint() - origin);
  return { now, elapsedMs: () => now() / 1e6 };
}
