import type { ClientName } from '../client/channel.js';
import type { Credentials } from '../client/credentials.js';
import type { Mode } from '../client/mode.js';
import { casMode } from '../client/modes/casMode.js';
import { Session, type SessionResult } from '../client/session.js';
import type { RedisCommand } from '../client/redisCommand.js';
import type { Redirect } from '../history/op.js';
import type { Target } from '../client/target.js';
import type { Outcome } from '../client/outcome.js';
import type { Writer, WriteResult } from './writer.js';

export interface ModeWriterOptions {
  mode: Mode;
  /** Where the primary is (fixed, or asked of the sentinels through this worker's zone). */
  target: Target;
  /** Source address of the worker's zone. */
  localAddress?: string;
  /** Per-op reply timeout and connect timeout, ms. */
  opTimeoutMs: number;
  /**
   * Node name for an address (`10.0.0.2` -> `n1`), for the history's `node` field. Asked once
   * per address: the answer must not change during the run.
   */
  nodeName: (host: string) => string | undefined;
  /** `CLIENT SETNAME` of the connection, e.g. `w3`. */
  connectionName?: string;
  /** Where reads go. Default `primary`. */
  readFrom?: 'primary' | 'replica';
  /** The client of the connections. Default `resp`. */
  client?: ClientName;
  /** The data nodes' credentials (`Deployment.auth`); never sent to sentinels. */
  auth?: Credentials;
  /**
   * The worker's connections when not a `Session` to `target` (a Redis Cluster's slot-aware
   * `ClusterSession`); `target` is then only named in messages.
   */
  session?: WorkerSession;
}

/** What a writer needs of a worker's connections (`Session`, `ClusterSession`). */
export interface WorkerSession {
  write(
    mode: Mode,
    commands: readonly RedisCommand[],
  ): Promise<SessionResult & { redirects?: Redirect[] }>;
  read(
    command: RedisCommand,
    from: 'primary' | 'replica',
  ): Promise<SessionResult & { redirects?: Redirect[] }>;
  close(): Promise<void>;
}

/**
 * A worker's writer: a client Session (one connection to the node it believes is the
 * primary, dropped and re-asked only after an error that puts the connection or the node's
 * role in doubt), with the node named as the history names it.
 */
export function modeWriter(o: ModeWriterOptions): Writer {
  const session: WorkerSession =
    o.session ??
    new Session(o.target, {
      commandTimeoutMs: o.opTimeoutMs,
      connectTimeoutMs: o.opTimeoutMs,
      ...(o.localAddress !== undefined ? { localAddress: o.localAddress } : {}),
      ...(o.connectionName !== undefined ? { connectionName: o.connectionName } : {}),
      ...(o.client !== undefined ? { client: o.client } : {}),
      ...(o.auth !== undefined ? { auth: o.auth } : {}),
    });
  // `host:port` -> the history's node name, looked up once per address.
  const names = new Map<string, string>();
  const nameOf = (node: string): string => {
    let name = names.get(node);
    if (name === undefined) {
      name = o.nodeName(node.slice(0, node.lastIndexOf(':'))) ?? node;
      names.set(node, name);
    }
    return name;
  };
  const cas = casMode(o.mode);
  const readFrom = o.readFrom ?? 'primary';
  const named = ({
    outcome,
    node,
    redirects,
  }: {
    outcome: Outcome;
    node?: string;
    redirects?: Redirect[];
  }): WriteResult => {
    const r: WriteResult = node === undefined ? { outcome } : { outcome, node: nameOf(node) };
    if (redirects !== undefined) {
      r.redirects = redirects.map((x) => ({ ...x, from: nameOf(x.from), to: nameOf(x.to) }));
    }
    return r;
  };
  return {
    // A step on the session's promise, no async frame: the path of nearly every op.
    write: (commands) => session.write(o.mode, commands).then(named),
    cas: async (commands) => named(await session.write(cas, commands)),
    read: async (command) => named(await session.read(command, readFrom)),
    close: () => session.close(),
  };
}
