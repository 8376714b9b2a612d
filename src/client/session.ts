import type { CommandChannel } from './channel.js';
import { classifyError, outcomeOf } from './classifyError.js';
import {
  resolveClientOptions,
  respConnectOptions,
  type ClientOptions,
  type ResolvedClientOptions,
} from './clientOptions.js';
import { createClient } from './createClient.js';
import { ioredisChannel } from './ioredisChannel.js';
import { formatEndpoint, type Endpoint } from './endpoint.js';
import type { Mode, WriteContext } from './mode.js';
import { fail, type Outcome } from './outcome.js';
import { readCommand } from './readCommand.js';
import type { RedisCommand } from './redisCommand.js';
import { RespConnection } from './resp/respConnection.js';
import type { Target } from './target.js';
import { errorMessage } from '../errors.js';

/** An operation's outcome and the node (`host:port`) it went to, when it got that far. */
export interface SessionResult {
  outcome: Outcome;
  node?: string;
}

/** An open connection of either client. */
interface Connection {
  /** `formatEndpoint(endpoint)`, the `node` of every result on this connection. */
  node: string;
  channel: CommandChannel;
  /** What a mode's write on this connection needs (made once, not an op). */
  context: WriteContext;
  /** Still open, with nothing gone wrong on it. */
  ready(): boolean;
  close(): void;
}

/**
 * Connect to `endpoint` with the client `options.client` names. Rejects with the error
 * that prevented it (nothing was sent on it).
 */
async function openConnection(
  endpoint: Endpoint,
  options: ResolvedClientOptions,
): Promise<Connection> {
  const node = formatEndpoint(endpoint);
  const context = (channel: CommandChannel): WriteContext => ({
    channel,
    commandTimeoutMs: options.commandTimeoutMs,
  });
  if (options.client === 'resp') {
    const resp = await RespConnection.connect(endpoint, respConnectOptions(options));
    return {
      node,
      channel: resp,
      context: context(resp),
      ready: () => resp.ready,
      close: () => resp.close(),
    };
  }
  const redis = createClient(endpoint, options);
  // ioredis reports ECONNREFUSED etc. only as an `error` event.
  let lastError: Error | undefined;
  redis.on('error', (err: Error) => {
    lastError = err;
  });
  try {
    await redis.connect();
  } catch (err) {
    redis.disconnect();
    throw lastError ?? err;
  }
  const channel = ioredisChannel(redis);
  return {
    node,
    channel,
    context: context(channel),
    ready: () => redis.status === 'ready',
    close: () => redis.disconnect(),
  };
}

/**
 * One worker's connections, under the worker's control. The session connects lazily to the
 * node its Target names, keeps that connection while operations succeed, and after any
 * error that puts the connection or the node's role in doubt it drops the connection and
 * makes the Target ask again (for sentinel: the sentinels). It never retries an operation:
 * one call, one attempt, one outcome.
 */
export class Session implements AsyncDisposable {
  readonly options: ResolvedClientOptions;
  private readonly connections = new Map<'primary' | 'replica', Connection>();
  private replicaTurn = 0;

  constructor(
    readonly target: Target,
    options: ClientOptions = {},
  ) {
    this.options = resolveClientOptions(options);
  }

  /**
   * Perform one write by `mode`. Never throws. On an open connection (nearly every op) this
   * is one step on the mode's promise, with no async frame of its own.
   */
  write(mode: Mode, commands: readonly RedisCommand[]): Promise<SessionResult> {
    const ready = this.ready('primary');
    if (ready !== undefined) return this.writeOn(ready, mode, commands);
    return this.connection('primary').then((got) =>
      'outcome' in got ? got : this.writeOn(got, mode, commands),
    );
  }

  private writeOn(
    connection: Connection,
    mode: Mode,
    commands: readonly RedisCommand[],
  ): Promise<SessionResult> {
    return mode
      .write(commands, connection.context)
      .then((outcome) => this.after('primary', connection, outcome));
  }

  /** Perform one read on the primary (default) or a replica. Never throws. */
  async read(
    command: RedisCommand,
    from: 'primary' | 'replica' = 'primary',
  ): Promise<SessionResult> {
    const got = this.ready(from) ?? (await this.connection(from));
    if ('outcome' in got) return got;
    const outcome = await readCommand(got.channel, command, this.options.commandTimeoutMs);
    return this.after(from, got, outcome);
  }

  /** Close every connection. Idempotent. */
  close(): Promise<void> {
    for (const role of [...this.connections.keys()]) this.drop(role);
    return Promise.resolve();
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }

  private after(role: 'primary' | 'replica', connection: Connection, outcome: Outcome) {
    if (outcome.reconnect === true) {
      this.drop(role);
      this.target.invalidate();
    }
    return { outcome, node: connection.node };
  }

  private drop(role: 'primary' | 'replica'): void {
    const connection = this.connections.get(role);
    if (connection === undefined) return;
    this.connections.delete(role);
    connection.close();
  }

  private async endpointFor(role: 'primary' | 'replica'): Promise<Endpoint | undefined> {
    if (role === 'primary') return this.target.primary();
    const replicas = await this.target.replicas();
    const pick = replicas[this.replicaTurn++ % Math.max(replicas.length, 1)];
    return pick;
  }

  /** The connection for `role` if it is open and ready (the common case, no await). */
  private ready(role: 'primary' | 'replica'): Connection | undefined {
    const current = this.connections.get(role);
    return current?.ready() === true ? current : undefined;
  }

  /** A ready connection for `role`, or the `fail` outcome of not getting one. */
  private async connection(role: 'primary' | 'replica'): Promise<Connection | SessionResult> {
    const current = this.connections.get(role);
    if (current !== undefined) {
      if (current.ready()) return current;
      // The connection broke between operations: that is an error too, so ask again.
      this.drop(role);
      this.target.invalidate();
    }
    let endpoint: Endpoint | undefined;
    try {
      endpoint = await this.endpointFor(role);
    } catch (err) {
      return { outcome: fail(errorMessage(err), true) };
    }
    if (endpoint === undefined)
      return { outcome: fail(`no ${role} known by ${this.target.description}`) };
    let connection: Connection;
    try {
      connection = await openConnection(endpoint, this.options);
    } catch (err) {
      this.target.invalidate();
      // Nothing was sent: whatever went wrong, this operation certainly did not happen.
      const c = classifyError(err, { sent: false, op: 'write' });
      return { outcome: outcomeOf(c), node: formatEndpoint(endpoint) };
    }
    this.drop(role);
    this.connections.set(role, connection);
    return connection;
  }
}
