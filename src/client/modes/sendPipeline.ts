import type { Redis } from 'ioredis';
import type { RedisCommand } from '../RedisCommand.js';

/** One command's reply in a pipeline: an error or a value. */
export interface Reply {
  error?: Error;
  value?: unknown;
}

export interface PipelineResult {
  /** Was the connection ready when the pipeline was written (else nothing left the client)? */
  sent: boolean;
  replies: Reply[];
}

function asError(err: unknown): Error {
  return err instanceof Error ? err : new Error(String(err));
}

/**
 * Write `commands` to `redis` in one socket write and wait for every reply, with
 * `timeoutMs` per command. ioredis reads `commandTimeout` when each command is sent, which
 * happens synchronously inside `exec()`, so setting it just around `exec()` scopes it to
 * these commands.
 */
export async function sendPipeline(
  redis: Redis,
  commands: readonly RedisCommand[],
  timeoutMs: number,
): Promise<PipelineResult> {
  const sent = redis.status === 'ready';
  const pipeline = redis.pipeline();
  for (const [name, ...args] of commands) pipeline.call(name, ...args);
  const previous = redis.options.commandTimeout;
  redis.options.commandTimeout = timeoutMs;
  let promise: ReturnType<typeof pipeline.exec>;
  try {
    promise = pipeline.exec();
  } finally {
    redis.options.commandTimeout = previous;
  }
  try {
    const results = (await promise) ?? [];
    const replies = commands.map((_, i): Reply => {
      const entry = results[i];
      if (entry === undefined) return { error: new Error('no reply in pipeline result') };
      const [error, value] = entry;
      return error ? { error: asError(error) } : { value };
    });
    return { sent, replies };
  } catch (err) {
    const error = asError(err);
    return { sent, replies: commands.map(() => ({ error })) };
  }
}
