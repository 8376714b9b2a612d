import { setMaxListeners } from 'node:events';
import { onShutdown } from '../cluster/index.js';

/** Thrown into a phase when the run is stopped early; not an error of the run. */
export class Interrupted extends Error {}

/**
 * How a run is stopped early: a signal (Ctrl-C, SIGTERM) or the run timeout aborts `signal`,
 * every phase waits through `abortable`, and the shutdown hook waits until the run has healed,
 * torn down and stored what it had (`finished()`).
 */
export interface Interruption {
  readonly signal: AbortSignal;
  /** Why the run was stopped, once it was. */
  reason(): string | undefined;
  /** Stop the run (idempotent): workers stop, the nemesis ends its fault, phases unwind. */
  interrupt(why: string): void;
  /** `p`, or an `Interrupted` rejection as soon as the run is stopped. */
  abortable<T>(p: Promise<T>): Promise<T>;
  /** Re-register the shutdown hook as the newest, so it runs before the deployment's own. */
  rehook(): void;
  /** The run has stored its results: release the shutdown hook and the timer. */
  finished(): void;
}

export function startInterruption(
  o: { runTimeoutMs: number; listeners: number },
  log: (line: string) => void,
): Interruption {
  const abort = new AbortController();
  setMaxListeners(o.listeners, abort.signal);
  let why: string | undefined;
  const interrupt = (reason: string): void => {
    if (why !== undefined) return;
    why = reason;
    log(`[runner] ${reason}: stopping workers, healing, tearing down`);
    abort.abort();
  };
  const aborted = new Promise<never>((_, reject) => {
    abort.signal.addEventListener('abort', () => reject(new Interrupted(why)), { once: true });
  });
  aborted.catch(() => undefined);
  let finish!: () => void;
  const done = new Promise<void>((resolve) => (finish = resolve));
  const hook = async (): Promise<void> => {
    interrupt('interrupted by a signal');
    await done;
  };
  let unhook = onShutdown(hook);
  const timer = setTimeout(
    () => interrupt(`run timeout after ${Math.round(o.runTimeoutMs / 1000)}s`),
    o.runTimeoutMs,
  );
  timer.unref();
  return {
    signal: abort.signal,
    reason: () => why,
    interrupt,
    abortable: (p) => Promise.race([p, aborted]),
    rehook() {
      unhook();
      unhook = onShutdown(hook);
    },
    finished() {
      clearTimeout(timer);
      unhook();
      finish();
    },
  };
}
