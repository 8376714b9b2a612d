import type { Deployment } from '../cluster/types.js';

/** A change of the primary the deployment agrees on (for Sentinel: most sentinels' answer). */
export interface PrimaryChange {
  /** ns since the run started, when the change was first seen. */
  time: number;
  from?: string;
  to: string;
}

export interface PrimaryWatcher {
  /** Stop polling; resolves to every change seen, in order. Idempotent. */
  stop(): Promise<PrimaryChange[]>;
}

/**
 * Poll `deployment.currentPrimary()` every `intervalMs` and record each change, so a run can
 * say when the failover happened (and the report can mark it). A poll that errs or takes
 * longer than the interval is skipped, never retried in a loop.
 */
export function watchPrimary(
  deployment: Deployment,
  now: () => number,
  log: (line: string) => void,
  intervalMs = 1000,
): PrimaryWatcher {
  const changes: PrimaryChange[] = [];
  let current: string | undefined;
  let stopped = false;
  let wake: (() => void) | undefined;

  const poll = async (): Promise<string | undefined> => {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<undefined>((resolve) => {
      timer = setTimeout(() => resolve(undefined), intervalMs * 2);
    });
    try {
      const node = await Promise.race([
        deployment.currentPrimary().catch(() => undefined),
        timeout,
      ]);
      return node?.name;
    } finally {
      clearTimeout(timer);
    }
  };

  const loop = (async () => {
    while (!stopped) {
      const name = await poll();
      if (name !== undefined && name !== current) {
        if (current !== undefined) {
          log(`[runner] primary changed: ${current} -> ${name}`);
          changes.push({ time: now(), from: current, to: name });
        }
        current = name;
      }
      if (stopped) break;
      await new Promise<void>((resolve) => {
        wake = resolve;
        setTimeout(resolve, intervalMs);
      });
    }
  })();

  return {
    async stop() {
      stopped = true;
      wake?.();
      await loop;
      return changes;
    },
  };
}
