import { Redis, type RedisOptions } from 'ioredis';
import { boundConnector } from './boundConnector.js';
import type { Endpoint } from './endpoint.js';
import type { ResolvedClientOptions } from './clientOptions.js';

/**
 * The ioredis options that make a client that never acts on its own: it does not queue
 * commands while disconnected, never re-sends, never reconnects, and times every command
 * out. A re-sent write is a write the history never saw.
 */
export function safeRedisOptions(endpoint: Endpoint, options: ResolvedClientOptions): RedisOptions {
  return {
    host: endpoint.host,
    port: endpoint.port,
    Connector: boundConnector({
      endpoint,
      disconnectTimeoutMs: 500,
      ...(options.localAddress === undefined ? {} : { localAddress: options.localAddress }),
    }),
    // Connect only when the worker calls connect(); a lost connection stays lost.
    lazyConnect: true,
    retryStrategy: () => null,
    reconnectOnError: null,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
    autoResendUnfulfilledCommands: false,
    autoResubscribe: false,
    enableAutoPipelining: false,
    commandTimeout: options.commandTimeoutMs,
    connectTimeout: options.connectTimeoutMs,
    // Connected means ready: no INFO loading loop (LOADING surfaces as a failed command), no
    // HELLO/CLIENT SETINFO round trips that Redis 7.0 answers with errors anyway.
    enableReadyCheck: false,
    protocol: 2,
    disableClientInfo: true,
    ...(options.connectionName === undefined ? {} : { connectionName: options.connectionName }),
    ...(options.auth === undefined
      ? {}
      : {
          password: options.auth.password,
          ...(options.auth.user === undefined ? {} : { username: options.auth.user }),
        }),
  };
}

/**
 * A client connection to `endpoint`, bound to the zone's source address, not yet connected.
 * Call `connect()` (it rejects when the connection fails) and `disconnect()` when done.
 */
export function createClient(endpoint: Endpoint, options: ResolvedClientOptions): Redis {
  return new Redis(safeRedisOptions(endpoint, options));
}
