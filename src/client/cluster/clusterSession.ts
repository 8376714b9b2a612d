import type { Redirect } from '../../history/op.js';
import type { BatchResult, CommandChannel, Reply } from '../channel.js';
import {
  resolveClientOptions,
  type ClientOptions,
  type ResolvedClientOptions,
  respConnectOptions,
} from '../clientOptions.js';
import { formatEndpoint, type Endpoint } from '../endpoint.js';
import type { Mode } from '../mode.js';
import { readCommand } from '../readCommand.js';
import type { RedisCommand } from '../redisCommand.js';
import { RespConnection } from '../resp/respConnection.js';
import type { SessionResult } from '../session.js';
import { batchSlot } from './hashSlot.js';
import { batchRedirect, withAsking } from './redirect.js';
import { slotMapFromShards, slotMapFromSlots, SlotMap } from './slotMap.js';

/** A worker session's result, with the redirections its op met. */
export interface ClusterSessionResult extends SessionResult {
  redirects?: Redirect[];
}

export interface ClusterSessionOptions extends ClientOptions {
  /** Redirections one op may follow before the last one stands as its (failed) reply. Default 5. */
  maxRedirects?: number;
}

/** Counts of what a session met, summed over its ops. */
export interface RedirectCounts {
  MOVED: number;
  ASK: number;
}

/**
 * One worker's connections to a Redis Cluster, with redcheck's own RESP client. Each op goes
 * to the primary that serves its slot in the session's slot map (read with `CLUSTER SHARDS`,
 * or `CLUSTER SLOTS`, from any node it knows). The rules that keep a history honest:
 *
 * - `MOVED` (the command did not run): the op goes to the named node, and the map is read
 *   again before the next op; at most `maxRedirects` times per op, each recorded on the op.
 * - `ASK`: `ASKING` and the command to the named node, once.
 * - `TRYAGAIN`, `CLUSTERDOWN`, `CROSSSLOT`: error replies, so `fail` by the modes' rules.
 * - A timeout or a closed connection after sending: the modes make it `info`; nothing is ever
 *   sent again (only a batch every one of whose effectful commands was refused with
 *   MOVED/ASK is, see `batchRedirect`).
 *
 * Every result names the node that gave the final reply.
 */
export class ClusterSession implements AsyncDisposable {
  readonly options: ResolvedClientOptions;
  readonly counts: RedirectCounts = { MOVED: 0, ASK: 0 };
  /** Redirections one op may follow. */
  readonly maxRedirects: number;
  private readonly connections = new Map<string, RespConnection>();
  private map: SlotMap | undefined;
  private stale = true;
  private refreshTurn = 0;

  constructor(
    private readonly seeds: readonly Endpoint[],
    options: ClusterSessionOptions = {},
  ) {
    this.options = resolveClientOptions(options);
    this.maxRedirects = options.maxRedirects ?? 5;
  }

  /** Perform one write by `mode`, routed by the slot of its keys. Never throws. */
  async write(mode: Mode, commands: readonly RedisCommand[]): Promise<ClusterSessionResult> {
    const op = await this.opChannel();
    const outcome = await mode.write(commands, {
      channel: op,
      commandTimeoutMs: this.options.commandTimeoutMs,
    });
    return op.result(outcome);
  }

  /** Perform one read on the primary serving its slot. Never throws. */
  async read(command: RedisCommand): Promise<ClusterSessionResult> {
    const op = await this.opChannel();
    const outcome = await readCommand(op, command, this.options.commandTimeoutMs);
    return op.result(outcome);
  }

  /** Close every connection. Idempotent. */
  close(): Promise<void> {
    for (const c of this.connections.values()) c.close();
    this.connections.clear();
    return Promise.resolve();
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }

  /** The slot map, read again first when something said it may be out of date. */
  async slotMap(): Promise<SlotMap | undefined> {
    if (this.stale || this.map === undefined) await this.refresh();
    return this.map;
  }

  /** A channel for one op: routes each batch, follows redirections, remembers what it met. */
  private async opChannel(): Promise<OpChannel> {
    await this.slotMap();
    return new OpChannel(this);
  }

  /** @internal The map's node for `slot` (any known node when the map has none). */
  endpointFor(slot: number | undefined): Endpoint | undefined {
    const map = this.map;
    const owner = slot === undefined ? undefined : map?.endpointFor(slot);
    return owner ?? map?.primaries[0] ?? this.seeds[0];
  }

  /** @internal Note a redirection: a MOVED means the map is out of date. */
  noteRedirect(kind: 'MOVED' | 'ASK'): void {
    this.counts[kind]++;
    if (kind === 'MOVED') this.stale = true;
  }

  /** @internal Note that a node failed us (connect error, timeout, closed): re-read the map. */
  noteTrouble(node: string): void {
    this.stale = true;
    const c = this.connections.get(node);
    if (c !== undefined && !c.ready) this.connections.delete(node);
  }

  /** @internal An open connection to `endpoint`; rejects with the connect error. */
  async connection(endpoint: Endpoint): Promise<RespConnection> {
    const key = formatEndpoint(endpoint);
    const current = this.connections.get(key);
    if (current?.ready === true) return current;
    this.connections.delete(key);
    const c = await RespConnection.connect(endpoint, respConnectOptions(this.options));
    const raced = this.connections.get(key);
    if (raced?.ready === true) {
      c.close();
      return raced;
    }
    this.connections.set(key, c);
    return c;
  }

  /**
   * Read the slot map from the known nodes in turn (primaries of the old map, then the seeds),
   * keeping the first full answer; keeps the old map when nobody answers.
   */
  private async refresh(): Promise<void> {
    const known = new Map<string, Endpoint>();
    for (const e of [...(this.map?.primaries ?? []), ...this.seeds])
      known.set(formatEndpoint(e), e);
    const candidates = [...known.values()];
    const start = this.refreshTurn++ % Math.max(candidates.length, 1);
    for (let k = 0; k < candidates.length; k++) {
      const endpoint = candidates[(start + k) % candidates.length] as Endpoint;
      const map = await this.readMap(endpoint).catch(() => undefined);
      if (map !== undefined && map.covered() > 0) {
        this.map = map;
        this.stale = false;
        return;
      }
      this.noteTrouble(formatEndpoint(endpoint));
    }
  }

  private async readMap(endpoint: Endpoint): Promise<SlotMap | undefined> {
    const c = await this.connection(endpoint);
    const timeout = this.options.commandTimeoutMs;
    const shards = await c.send([['CLUSTER', 'SHARDS']], timeout);
    const reply = shards.replies[0];
    if (reply?.error === undefined) return slotMapFromShards(reply?.value);
    if (!/unknown subcommand|ERR/i.test(reply.error.message) || !c.ready) return undefined;
    const slots = await c.send([['CLUSTER', 'SLOTS']], timeout);
    const r = slots.replies[0];
    return r?.error === undefined ? slotMapFromSlots(r?.value) : undefined;
  }
}

/** The channel a mode sees for one op of a ClusterSession. */
class OpChannel implements CommandChannel {
  readonly redirects: Redirect[] = [];
  /** The node that gave the last reply (or that the last attempt went to). */
  node: string | undefined;

  constructor(private readonly session: ClusterSession) {}

  async send(commands: readonly RedisCommand[], timeoutMs: number): Promise<BatchResult> {
    let target = this.session.endpointFor(batchSlot(commands));
    let asking = false;
    for (let hop = 0; ; hop++) {
      if (target === undefined) {
        const error = new Error('no cluster node known to send to; nothing was sent');
        return { sent: false, replies: commands.map(() => ({ error })) };
      }
      const node = formatEndpoint(target);
      this.node = node;
      let connection: RespConnection;
      try {
        connection = await this.session.connection(target);
      } catch (err) {
        this.session.noteTrouble(node);
        const error = err instanceof Error ? err : new Error(String(err));
        return { sent: false, replies: commands.map(() => ({ error })) };
      }
      const result = asking
        ? await sendAsking(connection, commands, timeoutMs)
        : await connection.send(commands, timeoutMs);
      if (!connection.ready) this.session.noteTrouble(node);
      if (!result.sent) return result;
      const redirect = batchRedirect(commands, result.replies, target.host);
      if (redirect === undefined) return result;
      const to = formatEndpoint(redirect.to);
      this.redirects.push({ kind: redirect.kind, slot: redirect.slot, from: node, to });
      this.session.noteRedirect(redirect.kind);
      // An ASK is followed once; past the bound, the redirection stands as the reply (fail).
      if (hop >= this.session.maxRedirects || (asking && redirect.kind === 'ASK')) return result;
      target = redirect.to;
      asking = redirect.kind === 'ASK';
    }
  }

  /** The session's result for the op's outcome. */
  result(outcome: SessionResult['outcome']): ClusterSessionResult {
    const r: ClusterSessionResult = { outcome };
    if (this.node !== undefined) r.node = this.node;
    if (this.redirects.length > 0) r.redirects = this.redirects;
    return r;
  }
}

/** Send `commands` after an ASK: with `ASKING` before them, and those replies taken out. */
async function sendAsking(
  connection: RespConnection,
  commands: readonly RedisCommand[],
  timeoutMs: number,
): Promise<BatchResult> {
  const { batch, asking } = withAsking(commands);
  const result = await connection.send(batch, timeoutMs);
  const replies: Reply[] = result.replies.filter((_, i) => !asking.has(i));
  return { sent: result.sent, replies };
}
