import type { Redis } from 'ioredis';
import { resolveClientOptions, type ResolvedClientOptions } from '../client/ClientOptions.js';
import { createClient } from '../client/createClient.js';
import type { Endpoint } from '../client/Endpoint.js';
import type { Mode } from '../client/Mode.js';
import { fail } from '../client/Outcome.js';
import type { RedisCommand } from '../client/RedisCommand.js';
import type { Target } from '../client/Target.js';
import type { Writer, WriteResult } from './writer.js';

export interface ModeWriterOptions {
  mode: Mode;
  /** Where the primary is (fixed, or asked of the sentinels through this worker's zone). */
  target: Target;
  /** Source address of the worker's zone. */
  localAddress?: string;
  /** Per-op reply timeout and connect timeout, ms. */
  opTimeoutMs: number;
  /** Node name for an address (`10.0.0.2` -> `n1`), for the history's `node` field. */
  nodeName: (host: string) => string | undefined;
  /** `CLIENT SETNAME` of the connection, e.g. `w3`. */
  connectionName?: string;
}

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/**
 * A worker's writer: one connection to the node it believes is the primary. After any
 * outcome other than `ok` it drops the connection and forgets the primary, so the next write
 * asks again (as a real client does after an error; never before one).
 */
export function modeWriter(o: ModeWriterOptions): Writer {
  const clientOptions: ResolvedClientOptions = resolveClientOptions({
    commandTimeoutMs: o.opTimeoutMs,
    connectTimeoutMs: o.opTimeoutMs,
    ...(o.localAddress !== undefined ? { localAddress: o.localAddress } : {}),
    ...(o.connectionName !== undefined ? { connectionName: o.connectionName } : {}),
  });
  let redis: Redis | undefined;
  let endpoint: Endpoint | undefined;

  const drop = (): void => {
    redis?.disconnect();
    redis = undefined;
    endpoint = undefined;
    o.target.invalidate();
  };

  const connect = async (): Promise<{ redis: Redis; endpoint: Endpoint }> => {
    if (redis && endpoint && redis.status === 'ready') return { redis, endpoint };
    drop();
    const at = await o.target.primary();
    const client = createClient(at, clientOptions);
    let lastError: Error | undefined;
    client.on('error', (err: Error) => {
      lastError = err;
    });
    try {
      await client.connect();
    } catch (err) {
      client.disconnect();
      throw lastError ?? err;
    }
    redis = client;
    endpoint = at;
    return { redis: client, endpoint: at };
  };

  return {
    async write(commands: readonly RedisCommand[]): Promise<WriteResult> {
      let conn: { redis: Redis; endpoint: Endpoint };
      try {
        conn = await connect();
      } catch (err) {
        drop();
        // Nothing was sent: the write certainly did not happen.
        return { outcome: fail(`connect: ${message(err)}`) };
      }
      const node = o.nodeName(conn.endpoint.host) ?? conn.endpoint.host;
      const outcome = await o.mode.write(commands, {
        redis: conn.redis,
        commandTimeoutMs: o.opTimeoutMs,
      });
      if (outcome.type !== 'ok') drop();
      return { outcome, node };
    },
    close(): Promise<void> {
      drop();
      return Promise.resolve();
    },
  };
}
