import type { Redis } from 'ioredis';
import { resolveClientOptions, type ClientOptions } from './clientOptions.js';
import { createClient } from './createClient.js';
import { formatEndpoint, type Endpoint } from './endpoint.js';
import type { Target } from './target.js';
import { errorMessage } from '../errors.js';

export interface SentinelTargetOptions {
  /** The sentinels, asked in this order; the first one that knows the primary answers. */
  sentinels: readonly Endpoint[];
  /** Sentinel master name, e.g. `mymaster`. */
  name: string;
  /** How to reach the sentinels: the worker's zone address and timeouts. */
  client?: ClientOptions;
}

/** Run `fn` on a fresh zone-bound connection to `endpoint`, then close it. */
async function withConnection<T>(
  endpoint: Endpoint,
  client: ClientOptions,
  fn: (redis: Redis) => Promise<T>,
): Promise<T> {
  // Sentinels have no password of their own: the data nodes' credentials are never sent here.
  const { auth: _dataNodes, ...toSentinel } = client;
  const redis = createClient(endpoint, resolveClientOptions(toSentinel));
  let lastError: Error | undefined;
  redis.on('error', (err: Error) => {
    lastError = err;
  });
  try {
    try {
      await redis.connect();
    } catch (err) {
      throw lastError ?? err;
    }
    return await fn(redis);
  } finally {
    redis.disconnect();
  }
}

function parseAddress(reply: unknown): Endpoint | undefined {
  if (!Array.isArray(reply) || reply.length < 2) return undefined;
  const [host, port] = reply as unknown[];
  const portNumber = Number(port);
  if (typeof host !== 'string' || !Number.isInteger(portNumber)) return undefined;
  return { host, port: portNumber };
}

/** `SENTINEL replicas` entries are flat `[field, value, ...]` lists. */
function parseReplicas(reply: unknown): Endpoint[] {
  if (!Array.isArray(reply)) return [];
  const out: Endpoint[] = [];
  for (const entry of reply as unknown[]) {
    if (!Array.isArray(entry)) continue;
    const fields = new Map<string, string>();
    for (let i = 0; i + 1 < entry.length; i += 2)
      fields.set(String(entry[i]), String(entry[i + 1]));
    const flags = fields.get('flags') ?? '';
    if (/s_down|o_down|disconnected/.test(flags)) continue;
    const host = fields.get('ip');
    const port = Number(fields.get('port'));
    if (host !== undefined && Number.isInteger(port)) out.push({ host, port });
  }
  return out;
}

/**
 * `sentinel`: ask the sentinels (through the worker's zone, so a partition cuts these
 * questions too) `SENTINEL get-master-addr-by-name`, first answer wins, and remember it until
 * the worker reports an error (the replicas likewise).
 */
export function sentinelTarget(options: SentinelTargetOptions): Target {
  const { sentinels, name } = options;
  const client = options.client ?? {};

  async function ask<T>(command: string[], parse: (reply: unknown) => T | undefined): Promise<T> {
    const reasons: string[] = [];
    for (const sentinel of sentinels) {
      try {
        const reply = await withConnection(sentinel, client, (redis) =>
          redis.call('SENTINEL', ...command),
        );
        const parsed = parse(reply);
        if (parsed !== undefined) return parsed;
        reasons.push(`${formatEndpoint(sentinel)}: no answer for ${name}`);
      } catch (err) {
        reasons.push(`${formatEndpoint(sentinel)}: ${errorMessage(err)}`);
      }
    }
    throw new Error(`no sentinel knows the primary of ${name} (${reasons.join('; ')})`);
  }

  /** Remember an answer until invalidate(); a failed question is not remembered. */
  function remembered<T>(question: () => Promise<T>) {
    let answer: Promise<T> | undefined;
    return {
      get(): Promise<T> {
        if (answer === undefined) {
          const asking = question();
          answer = asking;
          asking.catch(() => {
            if (answer === asking) answer = undefined;
          });
        }
        return answer;
      },
      forget(): void {
        answer = undefined;
      },
    };
  }

  const primary = remembered(() => ask(['get-master-addr-by-name', name], parseAddress));
  const replicas = remembered(() => ask(['replicas', name], parseReplicas));

  return {
    description: `sentinel ${name} via ${sentinels.map(formatEndpoint).join(',')}`,
    primary: () => primary.get(),
    replicas: () => replicas.get(),
    invalidate() {
      primary.forget();
      replicas.forget();
    },
  };
}
