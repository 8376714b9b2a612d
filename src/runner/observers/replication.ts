/**
 * The replication observer: while the workload runs it polls `INFO replication` on every node
 * (over its own connections, from the host), and reads the resync counters of `INFO stats`
 * at the start and the end. It gives R3/R4 their full and partial resyncs and catch-up
 * times, and R5 its replica lag distribution.
 */
import { parseInfo } from '../../client/parseInfo.js';
import type { ReplicationObservation } from '../../store/results.js';
import { ObserverLink, type ObservedNodes } from './observerLink.js';
import type { Credentials } from '../../client/credentials.js';
import { pollEvery } from './pollEvery.js';
import {
  catchUps,
  lagDistribution,
  replicaLagsMs,
  type ReplicationSample,
} from './replicationSeries.js';

/** One node's link; a node that does not answer is skipped. */
class NodeLink {
  private readonly link: ObserverLink;
  constructor(
    readonly name: string,
    host: string,
    port: number,
    auth?: Credentials,
  ) {
    this.link = new ObserverLink({ host, port }, 'redcheck-observer', auth);
  }

  /** `INFO <section>` as a map, or undefined when the node did not answer. */
  async info(section: string): Promise<Map<string, string> | undefined> {
    const v = await this.link.ask(['INFO', section]);
    return typeof v === 'string' ? parseInfo(v) : undefined;
  }

  close(): void {
    this.link.close();
  }
}

const SYNC_FIELDS = {
  full: 'sync_full',
  partialOk: 'sync_partial_ok',
  partialErr: 'sync_partial_err',
} as const;

async function syncCounters(
  links: readonly NodeLink[],
): Promise<Map<string, Record<keyof typeof SYNC_FIELDS, number>>> {
  const out = new Map<string, Record<keyof typeof SYNC_FIELDS, number>>();
  await Promise.all(
    links.map(async (l) => {
      const info = await l.info('stats');
      if (!info) return;
      out.set(l.name, {
        full: Number(info.get(SYNC_FIELDS.full) ?? 0),
        partialOk: Number(info.get(SYNC_FIELDS.partialOk) ?? 0),
        partialErr: Number(info.get(SYNC_FIELDS.partialErr) ?? 0),
      });
    }),
  );
  return out;
}

export interface ReplicationObserver {
  /** Stop polling and compute the observation; `faultEnds` in ns. Never throws. */
  stop(faultEnds: readonly number[]): Promise<ReplicationObservation>;
}

/** Start polling every `intervalMs`; `now` is the history's clock (ns). */
export async function observeReplication(
  d: ObservedNodes,
  now: () => number,
  intervalMs = 200,
): Promise<ReplicationObserver> {
  const links = d.nodes.map((n) => new NodeLink(n.name, n.ip, d.redisPort, d.auth));
  const byIp = new Map(d.nodes.map((n) => [n.ip, n.name]));
  const before = await syncCounters(links);
  const series: ReplicationSample[] = [];

  const poll = async (): Promise<void> => {
    const time = now();
    const infos = await Promise.all(
      links.map(async (l) => [l.name, await l.info('replication')] as const),
    );
    const primary = infos.find(([, i]) => i?.get('role') === 'master');
    if (!primary?.[1]) return;
    const sample: ReplicationSample = {
      time,
      primaryOffset: Number(primary[1].get('master_repl_offset') ?? 0),
      replicas: {},
    };
    for (const [name, info] of infos) {
      if (!info || info.get('role') !== 'slave') continue;
      const masterName = byIp.get(info.get('master_host') ?? '');
      sample.replicas[name] = {
        offset: Number(info.get('slave_repl_offset') ?? 0),
        linkUp: info.get('master_link_status') === 'up' && masterName === primary[0],
      };
    }
    series.push(sample);
  };

  const loop = pollEvery(intervalMs, poll);

  return {
    async stop(faultEnds) {
      await loop.stop();
      const after = await syncCounters(links);
      for (const l of links) l.close();
      const sync = { full: 0, partialOk: 0, partialErr: 0 };
      for (const [name, a] of after) {
        const b = before.get(name);
        // A restarted node starts its counters at 0: count what it did since.
        for (const k of Object.keys(sync) as (keyof typeof sync)[]) {
          sync[k] += b && a[k] >= b[k] ? a[k] - b[k] : a[k];
        }
      }
      return {
        intervalMs,
        samples: series.length,
        sync,
        catchUps: catchUps(series, faultEnds),
        lagMs: lagDistribution(replicaLagsMs(series)),
      };
    },
  };
}
