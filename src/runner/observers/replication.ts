/**
 * The replication observer: while the workload runs it polls `INFO replication` on every node
 * (over its own connections, from the host), and reads the resync counters of `INFO stats`
 * at the start and the end. It gives R3/R4 their full and partial resyncs and catch-up
 * times, and R5 its replica lag distribution.
 */
import type { Deployment } from '../../cluster/types.js';
import { RespConnection } from '../../client/resp/respConnection.js';
import type { RedisCommand } from '../../client/redisCommand.js';
import type { ReplicationObservation } from '../../store/results.js';
import {
  catchUps,
  lagDistribution,
  replicaLagsMs,
  type ReplicationSample,
} from './replicationSeries.js';

const TIMEOUT_MS = 500;

function parseInfo(text: string): Map<string, string> {
  const m = new Map<string, string>();
  for (const line of text.split(/\r?\n/)) {
    const i = line.indexOf(':');
    if (i > 0 && !line.startsWith('#')) m.set(line.slice(0, i), line.slice(i + 1).trim());
  }
  return m;
}

/** One connection per node, opened again after an error; a node that does not answer is skipped. */
class NodeLink {
  private conn: RespConnection | undefined;
  constructor(
    readonly name: string,
    private readonly host: string,
    private readonly port: number,
  ) {}

  async info(section: string): Promise<Map<string, string> | undefined> {
    try {
      this.conn ??= await RespConnection.connect(
        { host: this.host, port: this.port },
        { connectTimeoutMs: TIMEOUT_MS, connectionName: 'redcheck-observer' },
      );
      const command: RedisCommand = ['INFO', section];
      const r = await this.conn.send([command], TIMEOUT_MS);
      const reply = r.replies[0];
      if (!reply || reply.error || typeof reply.value !== 'string')
        throw reply?.error ?? new Error('no reply');
      return parseInfo(reply.value);
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
  d: Pick<Deployment, 'nodes' | 'redisPort'>,
  now: () => number,
  intervalMs = 200,
): Promise<ReplicationObserver> {
  const links = d.nodes.map((n) => new NodeLink(n.name, n.ip, d.redisPort));
  const byIp = new Map(d.nodes.map((n) => [n.ip, n.name]));
  const before = await syncCounters(links);
  const series: ReplicationSample[] = [];
  let stopped = false;
  let wake: (() => void) | undefined;

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

  const loop = (async () => {
    while (!stopped) {
      await poll();
      if (stopped) break;
      await new Promise<void>((resolve) => {
        wake = resolve;
        setTimeout(resolve, intervalMs);
      });
    }
  })();

  return {
    async stop(faultEnds) {
      stopped = true;
      wake?.();
      await loop;
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
