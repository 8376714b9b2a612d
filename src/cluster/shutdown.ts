/**
 * Process-wide shutdown hooks: on SIGINT/SIGTERM every registered hook runs (newest first,
 * bounded in time), then the process exits with 128 + the signal number. A second signal
 * exits at once. Listeners are installed only while at least one hook is registered.
 */

import { errorMessage } from '../errors.js';

export type ShutdownHook = () => Promise<void>;

const hooks: ShutdownHook[] = [];
const SIGNALS = { SIGINT: 2, SIGTERM: 15 } as const;
type Sig = keyof typeof SIGNALS;
/** Bound on all hooks together. */
const HOOKS_TIMEOUT_MS = 30_000;
let shuttingDown = false;

function onSignal(sig: Sig): void {
  const code = 128 + SIGNALS[sig];
  if (shuttingDown) process.exit(code);
  shuttingDown = true;
  console.error(`[cleanup] ${sig}: removing live deployments (send again to exit at once)`);
  const all = [...hooks].reverse();
  const work = (async () => {
    for (const hook of all) {
      try {
        await hook();
      } catch (e) {
        console.error(`[cleanup] hook failed: ${errorMessage(e)}`);
      }
    }
  })();
  const timeout = new Promise<void>((resolve) => setTimeout(resolve, HOOKS_TIMEOUT_MS).unref());
  void Promise.race([work, timeout]).then(() => {
    console.error('[cleanup] done');
    process.exit(code);
  });
}

const listeners: Record<Sig, () => void> = {
  SIGINT: () => onSignal('SIGINT'),
  SIGTERM: () => onSignal('SIGTERM'),
};

/**
 * Run `hook` if the process receives SIGINT or SIGTERM. Returns a function that unregisters
 * it (call it once the resource is gone).
 */
export function onShutdown(hook: ShutdownHook): () => void {
  if (hooks.length === 0) {
    for (const sig of Object.keys(SIGNALS) as Sig[]) process.on(sig, listeners[sig]);
  }
  hooks.push(hook);
  return () => {
    const i = hooks.indexOf(hook);
    if (i >= 0) hooks.splice(i, 1);
    if (hooks.length === 0 && !shuttingDown) {
      for (const sig of Object.keys(SIGNALS) as Sig[]) process.off(sig, listeners[sig]);
    }
  };
}

/** Dispose `resource` on SIGINT/SIGTERM; returns the unregister function. */
export function registerForCleanup(resource: { dispose(): Promise<void> }): () => void {
  return onShutdown(() => resource.dispose());
}
