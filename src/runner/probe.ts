/**
 * The runner probe: its own keys, written to every node from every client zone all through
 * the run, a few times a second per lane, so that how long a primary cut off in a minority
 * kept acknowledging (the cluster minority window, `minorityAckMs`) is measured whichever
 * workers happened to write to it. Its ops go into the history as `process: "probe"`,
 * `f: "probe"`, value the lane (`c1>n2`): no checker, lane, op count or lost-write recount
 * reads them, and `redcheck check <run-dir>` derives the windows again from them.
 *
 * One lane per (zone, node): a plain connection from the zone's source address to that node
 * (no redirect followed), writing `SET redcheck:probe:{tag}:<zone> <seq>` with a tag in the
 * node's shard's slots. A replica answers MOVED; such a lane writes once a second instead of
 * every `intervalMs` until the node acknowledges again (a replica promoted by a failover).
 * Memory: one connection and a few numbers per lane.
 */
import { setMaxListeners } from 'node:events';
import { createMode } from '../client/createMode.js';
import { fixedTarget } from '../client/fixedTarget.js';
import { Session } from '../client/session.js';
import type { DockerDeployment } from '../cluster/index.js';
import { hashSlot } from '../client/cluster/hashSlot.js';
import type { HistoryWriter } from '../history/jsonl.js';
import { PROBE_F, type ProbeOpCounts } from '../checker/lossCauses/index.js';
import type { RunClock } from './clock.js';
import { abortableSleep } from './workers.js';

/** One lane: a zone, a node, and the key it writes. */
export interface ProbeLane {
  zone: { name: string; ip: string };
  node: { name: string; ip: string };
  key: string;
}

export interface ProbeOptions {
  deployment: DockerDeployment;
  /** From `probeLanes`. */
  lanes: readonly ProbeLane[];
  history: HistoryWriter;
  clock: RunClock;
  log: (line: string) => void;
  /** ms between two writes of a lane whose node acknowledges. Default 200. */
  intervalMs?: number;
  /** ms between two writes of a lane whose node refuses (a replica). Default 1000. */
  idleMs?: number;
  /** Per-write reply and connect timeout (ms). Default 1000. */
  timeoutMs?: number;
}

/** A started probe. */
export interface RunningProbe {
  /** Stop every lane (the write in flight completes) and close the connections. */
  stop(): Promise<{ intervalMs: number; lanes: number; ops: ProbeOpCounts }>;
}

/** A hash tag whose slot lies in `[from, to]` (the first of `p0`, `p1`, ... that does). */
export function tagInSlots(from: number, to: number): string {
  for (let i = 0; i < 1_000_000; i++) {
    const slot = hashSlot(`{p${i}}`);
    if (slot >= from && slot <= to) return `p${i}`;
  }
  throw new Error(`no probe tag found for slots ${from}-${to}`);
}

/**
 * The probe's lanes on a cluster deployment: one per client zone and node, each with a key in
 * the slots of the node's shard (asked of the nodes once, before the run's clock starts).
 */
export async function probeLanes(d: DockerDeployment): Promise<ProbeLane[]> {
  const view = await d.clusterView();
  const tagOf = new Map<string, string>();
  for (const s of view.shards) {
    const first = s.slots[0];
    if (first === undefined) continue;
    const tag = tagInSlots(first[0], first[1]);
    for (const node of s.nodes) tagOf.set(node, tag);
  }
  return d.zones.flatMap((zone) =>
    d.nodes.flatMap((node) => {
      const tag = tagOf.get(node.name);
      if (tag === undefined) return [];
      return [{ zone, node, key: `redcheck:probe:{${tag}}:${zone.name}` }];
    }),
  );
}

/** Start the probe's lanes; each writes until `stop`. */
export function startProbe(o: ProbeOptions): RunningProbe {
  const d = o.deployment;
  const intervalMs = o.intervalMs ?? 200;
  const idleMs = o.idleMs ?? 1000;
  const timeoutMs = o.timeoutMs ?? 1000;
  const mode = createMode('async');
  const stop = new AbortController();
  // Every lane waits on this one signal between its writes.
  setMaxListeners(o.lanes.length + 10, stop.signal);
  const ops: ProbeOpCounts = { ok: 0, fail: 0, info: 0 };
  const sessions: Session[] = [];
  /** One lane: one write at a time, `intervalMs` apart (`idleMs` after a refusal). */
  const run = async ({ zone, node, key }: ProbeLane): Promise<void> => {
    const lane = `${zone.name}>${node.name}`;
    const session = new Session(fixedTarget({ host: node.ip, port: d.redisPort }), {
      client: 'resp',
      localAddress: zone.ip,
      commandTimeoutMs: timeoutMs,
      connectTimeoutMs: timeoutMs,
      connectionName: `probe-${zone.name}`,
      ...(d.auth === undefined ? {} : { auth: d.auth }),
    });
    sessions.push(session);
    const base = { process: 'probe' as const, f: PROBE_F, value: lane, key };
    let seq = 0;
    while (!stop.signal.aborted) {
      const started = o.clock.now();
      o.history.append({ ...base, time: started, type: 'invoke' });
      const { outcome } = await session.write(mode, [['SET', key, String(seq++)]]);
      o.history.append({
        ...base,
        time: o.clock.now(),
        type: outcome.type,
        node: node.name,
        ...(outcome.error === undefined ? {} : { error: outcome.error }),
      });
      ops[outcome.type]++;
      const wait = outcome.type === 'ok' ? intervalMs : idleMs;
      await abortableSleep(wait - (o.clock.now() - started) / 1e6, stop.signal);
    }
  };
  const lanes = o.lanes.map(run);
  o.log(
    `[probe] ${lanes.length} lanes (${d.zones.length} zones x ${d.nodes.length} nodes), a write every ${intervalMs} ms per lane`,
  );
  return {
    stop: async () => {
      o.log('[probe] stopping');
      stop.abort();
      await Promise.all(lanes);
      await Promise.all(sessions.map((s) => s.close()));
      o.log(`[probe] stopped: ok ${ops.ok} fail ${ops.fail} info ${ops.info}`);
      return { intervalMs, lanes: lanes.length, ops };
    },
  };
}
