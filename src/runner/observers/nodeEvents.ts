/**
 * The node observer: on every topology (standalone included) it polls `INFO` on every node
 * while the workload runs and records what the loss-cause pass reads: each node's role
 * changes (with the replication offset), restarts (a new `run_id`, and the keys it came back
 * with), the resyncs each primary served (`sync_full`, `sync_partial_ok`), and its RDB saves
 * (`rdb_last_save_time` and `rdb_changes_since_last_save`), all on the history's clock.
 */
import { parseInfo } from '../../client/parseInfo.js';
import type { NodeEventsObservation, RoleChange } from '../../checker/lossCauses/index.js';
import { ObserverLink, type ObservedNodes } from './observerLink.js';
import { pollEvery } from './pollEvery.js';

export interface NodeEventsObserver {
  /** Stop polling and return what was seen. Never throws. */
  stop(): Promise<NodeEventsObservation>;
}

/** Keys of db0 (`db0:keys=12,expires=0,...`); 0 when the keyspace has no db0. */
function keysOf(info: Map<string, string>): number {
  const db0 = info.get('db0');
  return db0 === undefined ? 0 : Number(/keys=(\d+)/.exec(db0)?.[1] ?? 0);
}

interface Last {
  runId: string;
  role: 'primary' | 'replica';
  primary?: string;
  keys: number;
  syncFull: number;
  syncPartialOk: number;
  lastSave: number;
  changes: number;
}

/** One node's events, from one `INFO` sample after another. */
export class NodeEventsTracker {
  readonly out: NodeEventsObservation;
  private readonly last = new Map<string, Last>();

  constructor(
    intervalMs: number,
    private readonly nameOfIp: (ip: string) => string | undefined,
  ) {
    this.out = {
      intervalMs,
      samples: 0,
      roles: [],
      restarts: [],
      resyncs: [],
      saves: [],
      persistence: [],
    };
  }

  /**
   * One sample of `node` at `time` (history clock, ns); `wallOffsetNs` is the wall clock minus
   * the history clock (ns), to place `rdb_last_save_time` (unix seconds) on the history's clock.
   */
  sample(node: string, time: number, info: Map<string, string>, wallOffsetNs: number): void {
    const runId = info.get('run_id') ?? '';
    const role: Last['role'] = info.get('role') === 'master' ? 'primary' : 'replica';
    const primaryIp = info.get('master_host');
    const primary = primaryIp === undefined ? undefined : (this.nameOfIp(primaryIp) ?? primaryIp);
    const offset = Number(info.get('master_repl_offset') ?? NaN);
    const now: Last = {
      runId,
      role,
      ...(primary === undefined ? {} : { primary }),
      keys: keysOf(info),
      syncFull: Number(info.get('sync_full') ?? 0),
      syncPartialOk: Number(info.get('sync_partial_ok') ?? 0),
      lastSave: Number(info.get('rdb_last_save_time') ?? NaN),
      changes: Number(info.get('rdb_changes_since_last_save') ?? NaN),
    };
    const before = this.last.get(node);
    this.last.set(node, now);
    this.out.samples++;
    const aof = info.get('aof_enabled');
    if (aof !== undefined && !this.out.persistence.some((p) => p.node === node)) {
      // `rdb` is filled in by `setRdb` from CONFIG GET save.
      this.out.persistence.push({ node, aof: aof === '1', rdb: false });
    }
    const saveAt = (sec: number): number => Math.min(time, sec * 1e9 - wallOffsetNs);
    if (before === undefined) {
      if (Number.isFinite(now.lastSave)) this.out.saves.push({ time: saveAt(now.lastSave), node });
      return;
    }
    const restarted = before.runId !== '' && runId !== '' && before.runId !== runId;
    if (restarted) {
      this.out.restarts.push({ time, node, keys: now.keys, keysBefore: before.keys });
    }
    if (before.role !== role || before.primary !== now.primary) {
      const change: RoleChange = { time, node, role };
      if (primary !== undefined && role === 'replica') change.primary = primary;
      if (Number.isFinite(offset)) change.offset = offset;
      this.out.roles.push(change);
    }
    const full = restarted ? now.syncFull : now.syncFull - before.syncFull;
    const partial = restarted ? now.syncPartialOk : now.syncPartialOk - before.syncPartialOk;
    const served = (kind: 'full' | 'partial'): void => {
      this.out.resyncs.push({
        time,
        primary: node,
        kind,
        ...(Number.isFinite(offset) ? { offset } : {}),
      });
    };
    for (let i = 0; i < full; i++) served('full');
    for (let i = 0; i < partial; i++) served('partial');
    if (!restarted && Number.isFinite(now.lastSave) && now.lastSave !== before.lastSave) {
      this.out.saves.push({
        time: saveAt(now.lastSave),
        node,
        ...(Number.isFinite(before.changes) ? { changesBefore: before.changes } : {}),
      });
    }
  }

  /** Whether `node` has RDB save points (`CONFIG GET save` not empty). */
  setRdb(node: string, rdb: boolean): void {
    const p = this.out.persistence.find((x) => x.node === node);
    if (p) p.rdb = rdb;
  }
}

/** Start polling every node of `d` every `intervalMs`. */
export function observeNodeEvents(
  d: ObservedNodes,
  now: () => number,
  intervalMs = 200,
): NodeEventsObserver {
  const byIp = new Map(d.nodes.map((n) => [n.ip, n.name]));
  const tracker = new NodeEventsTracker(intervalMs, (ip) => byIp.get(ip));
  const links = d.nodes.map(
    (n) =>
      [
        n.name,
        new ObserverLink({ host: n.ip, port: d.redisPort }, 'redcheck-observer', d.auth),
      ] as const,
  );
  const rdbKnown = new Set<string>();
  const poll = async (): Promise<void> => {
    await Promise.all(
      links.map(async ([name, link]) => {
        const reply = await link.ask(['INFO']);
        if (typeof reply !== 'string') return;
        const time = now();
        tracker.sample(name, time, parseInfo(reply), Date.now() * 1e6 - time);
        if (rdbKnown.has(name)) return;
        const save = await link.ask(['CONFIG', 'GET', 'save']);
        if (!Array.isArray(save)) return;
        rdbKnown.add(name);
        tracker.setRdb(name, typeof save[1] === 'string' && save[1].trim() !== '');
      }),
    );
  };
  const loop = pollEvery(intervalMs, poll);
  return {
    async stop() {
      await loop.stop();
      for (const [, l] of links) l.close();
      return tracker.out;
    },
  };
}
