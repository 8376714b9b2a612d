/**
 * The failover observer: polls every sentinel for the primary's address over TCP (not by
 * `docker exec`, which takes seconds on a loaded machine) and records each change of the
 * majority's answer, with how long after the last fault start it came.
 */
import type { Deployment } from '../../cluster/types.js';
import type { FailoverObservation } from '../../store/results.js';
import { ObserverLink } from './observerLink.js';
import { pollEvery } from './pollEvery.js';

/** The primary's address as this sentinel names it, or undefined. */
async function primaryOf(sentinel: ObserverLink, master: string): Promise<string | undefined> {
  const v = await sentinel.ask(['SENTINEL', 'get-master-addr-by-name', master]);
  return Array.isArray(v) && typeof v[0] === 'string' ? v[0] : undefined;
}

export interface FailoverObserver {
  /** Stop polling; `faultStarts` in ns. Never throws. */
  stop(faultStarts: readonly number[]): Promise<FailoverObservation>;
}

export function observeFailovers(
  d: Pick<Deployment, 'nodes' | 'sentinelPort' | 'masterName'>,
  now: () => number,
  intervalMs = 250,
): FailoverObserver {
  const links = d.nodes.map((n) => new ObserverLink({ host: n.ip, port: d.sentinelPort }));
  const master = d.masterName ?? 'mymaster';
  const nameOf = new Map(d.nodes.map((n) => [n.ip, n.name]));
  const changes: { time: number; from?: string; to: string }[] = [];
  let current: string | undefined;
  const loop = pollEvery(intervalMs, async () => {
    const time = now();
    const answers = await Promise.all(links.map((l) => primaryOf(l, master)));
    const counts = new Map<string, number>();
    for (const a of answers) if (a !== undefined) counts.set(a, (counts.get(a) ?? 0) + 1);
    const [ip, votes] = [...counts].sort((a, b) => b[1] - a[1])[0] ?? [undefined, 0];
    const name = ip === undefined ? undefined : (nameOf.get(ip) ?? ip);
    if (name !== undefined && votes > links.length / 2 && name !== current) {
      if (current !== undefined) changes.push({ time, from: current, to: name });
      current = name;
    }
  });
  return {
    async stop(faultStarts) {
      await loop.stop();
      for (const l of links) l.close();
      return {
        intervalMs,
        changes: changes.map((c) => {
          const cause = faultStarts.filter((s) => s <= c.time).at(-1);
          return {
            ...c,
            afterFaultMs: cause === undefined ? null : Math.round((c.time - cause) / 1e6),
          };
        }),
      };
    },
  };
}
