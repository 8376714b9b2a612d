import type { Redis } from 'ioredis';
import type { BatchResult, CommandChannel, Reply } from './channel.js';
import type { RedisCommand } from './redisCommand.js';

function asError(err: unknown): Error {
  return err instanceof Error ? err : new Error(String(err));
}

/**
 * Write `commands` to `redis` in one socket write and wait for every reply, with
 * `timeoutMs` per command. ioredis reads `commandTimeout` when each command is sent, which
 * happens synchronously inside `call()`, so setting it just around the calls scopes it to
 * these commands. The socket is corked around the calls so they leave in one write, as a
 * pipeline does; ioredis's Pipeline object costs several times more CPU per op.
 */
export async function sendPipeline(
  redis: Redis,
  commands: readonly RedisCommand[],
  timeoutMs: number,
): Promise<BatchResult> {
  const sent = redis.status === 'ready';
  const stream = sent
    ? (redis as unknown as { stream?: { cork(): void; uncork(): void } }).stream
    : undefined;
  const previous = redis.options.commandTimeout;
  redis.options.commandTimeout = timeoutMs;
  const promises: Promise<unknown>[] = [];
  stream?.cork();
  try {
    for (const [name, ...args] of commands) promises.push(redis.call(name, ...args));
  } finally {
    stream?.uncork();
    redis.options.commandTimeout = previous;
  }
  const settled = await Promise.allSettled(promises);
  const replies = settled.map((r): Reply =>
    r.status === 'fulfilled' ? { value: r.value } : { error: asError(r.reason) },
  );
  return { sent, replies };
}

/** An ioredis connection as a CommandChannel (see `sendPipeline`). */
export function ioredisChannel(redis: Redis): CommandChannel {
  return { send: (commands, timeoutMs) => sendPipeline(redis, commands, timeoutMs) };
}
