/** A poll running in a loop until stopped. */
export interface PollLoop {
  /** Stop: wake the loop from its wait and resolve once the poll in flight has ended. */
  stop(): Promise<void>;
}

/**
 * Run `poll` now, then again `intervalMs` after each one ended, until `stop`. An observer's
 * sampling loop: `poll` must not throw (a server that does not answer is a sample without it).
 */
export function pollEvery(intervalMs: number, poll: () => Promise<void>): PollLoop {
  let stopped = false;
  let wake: (() => void) | undefined;
  let timer: NodeJS.Timeout | undefined;
  const loop = (async () => {
    while (!stopped) {
      await poll();
      if (stopped) break;
      await new Promise<void>((resolve) => {
        wake = resolve;
        timer = setTimeout(resolve, intervalMs);
      });
    }
  })();
  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      wake?.();
      await loop;
    },
  };
}
