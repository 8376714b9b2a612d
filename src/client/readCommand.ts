import type { CommandChannel } from './channel.js';
import { classifyError, outcomeOf } from './classifyError.js';
import { fail, ok, type Outcome } from './outcome.js';
import type { RedisCommand } from './redisCommand.js';

/**
 * Run one read (`SMEMBERS`, `LRANGE`, `GET`, ...) on `channel`. A read changes nothing, so any
 * error, a timeout included, is `fail`. `value` is the reply.
 */
export async function readCommand(
  channel: CommandChannel,
  command: RedisCommand,
  timeoutMs: number,
): Promise<Outcome> {
  const { sent, replies } = await channel.send([command], timeoutMs);
  const reply = replies[0];
  if (reply === undefined) return fail('no reply');
  if (reply.error !== undefined) return outcomeOf(classifyError(reply.error, { sent, op: 'read' }));
  return ok(reply.value);
}
