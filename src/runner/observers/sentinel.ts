/**
 * The failover observer: polls every sentinel for the primary's address over TCP (not by
 * `docker exec`, which takes seconds on a loaded machine) and records each change of the
 * majority's answer, with how long after the last fault start it came.
 */
import type { Deployment } from '../../cluster/types.js';
import { RespConnection } from '../../client/resp/respConnection.js';
import type { FailoverObservation } from '../../store/results.js';

const TIMEOUT_MS = 500;

class SentinelLink {
  private conn: RespConnection | undefined;
  constructor(
    private readonly host: string,
    private readonly port: number,
    private readonly master: string,
  ) {}

  /** The primary's address as this sentinel names it, or undefined. */
  async primary(): Promise<string | undefined> {
    try {
      this.conn ??= await RespConnection.connect(
        { host: this.host, port: this.port },
        { connectTimeoutMs: TIMEOUT_MS },
      );
      const r = await this.conn.send(
        [['SENTINEL', 'get-master-addr-by-name', this.master]],
        TIMEOUT_MS,
      );
      const v = r.replies[0]?.value;
      if (!Array.isArray(v) || typeof v[0] !== 'string') throw new Error('no address');
      return v[0];
    } catch {
      this.conn?.close();
      this.conn = undefined;
      return undefined;
    }
  }

  close(): void {
    this.conn?.close();
  }
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
  const links = d.nodes.map(
    (n) => new SentinelLink(n.ip, d.sentinelPort, d.masterName ?? 'mymaster'),
  );
  const nameOf = new Map(d.nodes.map((n) => [n.ip, n.name]));
  const changes: { time: number; from?: string; to: string }[] = [];
  let current: string | undefined;
  let stopped = false;
  let wake: (() => void) | undefined;
  const loop = (async () => {
    while (!stopped) {
      const time = now();
      const answers = await Promise.all(links.map((l) => l.primary()));
      const counts = new Map<string, number>();
      for (const a of answers) if (a !== undefined) counts.set(a, (counts.get(a) ?? 0) + 1);
      const [ip, votes] = [...counts].sort((a, b) => b[1] - a[1])[0] ?? [undefined, 0];
      const name = ip === undefined ? undefined : (nameOf.get(ip) ?? ip);
      if (name !== undefined && votes > links.length / 2 && name !== current) {
        if (current !== undefined) changes.push({ time, from: current, to: name });
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
    async stop(faultStarts) {
      stopped = true;
      wake?.();
      await loop;
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
