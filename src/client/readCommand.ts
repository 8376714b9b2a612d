import type { Redis } from 'ioredis';
import { classifyError, outcomeOf } from './classifyError.js';
import { fail, ok, type Outcome } from './Outcome.js';
import type { RedisCommand } from './RedisCommand.js';
import { sendPipeline } from './modes/sendPipeline.js';

/**
 * Run one read (`SMEMBERS`, `LRANGE`, `GET`, ...) on `redis`. A read changes nothing, so any
 * error, a timeout included, is `fail`. `value` is the reply.
 */
export async function readCommand(
  redis: Redis,
  command: RedisCommand,
  timeoutMs: number,
): Promise<Outcome> {
  const { sent, replies } = await sendPipeline(redis, [command], timeoutMs);
  const reply = replies[0];
  if (reply === undefined) return fail('no reply');
  if (reply.error !== undefined) return outcomeOf(classifyError(reply.error, { sent, op: 'read' }));
  return ok(reply.value);
}
