import { RespConnection } from '../../client/resp/respConnection.js';
import type { Credentials } from '../../client/credentials.js';
import type { Endpoint } from '../../client/endpoint.js';
import type { RedisCommand } from '../../client/redisCommand.js';
import type { Node } from '../../cluster/types.js';

/** What a node observer needs of a deployment: its data nodes, their port and credentials. */
export interface ObservedNodes {
  readonly nodes: readonly Pick<Node, 'name' | 'ip'>[];
  readonly redisPort: number;
  readonly auth?: Credentials;
}

/** How long an observer waits to connect, and for a reply. */
const TIMEOUT_MS = 500;

/**
 * An observer's connection to one server (a node or a sentinel), opened on first use and
 * again after any error: a server that is down, paused or cut off answers `undefined`, and the
 * next poll tries again. It never retries within one `ask`.
 */
export class ObserverLink {
  private conn: RespConnection | undefined;
  constructor(
    private readonly at: Endpoint,
    /** `CLIENT SETNAME` on connect (sentinels are left unnamed). */
    private readonly connectionName?: string,
    /** A data node's credentials (sentinels take none). */
    private readonly auth?: Credentials,
  ) {}

  /** The reply to `command` (null for a nil reply); undefined when none came or it was an error. */
  async ask(command: RedisCommand): Promise<unknown> {
    try {
      this.conn ??= await RespConnection.connect(this.at, {
        connectTimeoutMs: TIMEOUT_MS,
        ...(this.connectionName === undefined ? {} : { connectionName: this.connectionName }),
        ...(this.auth === undefined ? {} : { auth: this.auth }),
      });
      const reply = (await this.conn.send([command], TIMEOUT_MS)).replies[0];
      if (!reply || reply.error) throw reply?.error ?? new Error('no reply');
      return reply.value;
    } catch {
      this.close();
      return undefined;
    }
  }

  close(): void {
    this.conn?.close();
    this.conn = undefined;
  }
}
