import { lookup } from 'node:dns/promises';
import net from 'node:net';

const REGISTRY_HOST = 'registry-1.docker.io';

function within<T>(p: Promise<T>, ms: number): Promise<T | undefined> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(undefined), ms);
    p.then(
      (v) => {
        clearTimeout(timer);
        resolve(v);
      },
      () => {
        clearTimeout(timer);
        resolve(undefined);
      },
    );
  });
}

/**
 * Whether the public image registry answers: its name resolves and a TCP connection to it
 * opens, each within `timeoutMs`. False on any doubt, so callers fall back to offline builds.
 */
export async function registryReachable(timeoutMs = 1500): Promise<boolean> {
  const addr = await within(lookup(REGISTRY_HOST), timeoutMs);
  if (!addr) return false;
  const opened = await within(
    new Promise<boolean>((resolve, reject) => {
      const s = net.connect({ host: addr.address, port: 443 });
      s.once('connect', () => {
        s.destroy();
        resolve(true);
      });
      s.once('error', reject);
      s.setTimeout(timeoutMs, () => {
        s.destroy();
        reject(new Error('timeout'));
      });
    }),
    timeoutMs,
  );
  return opened === true;
}
