import type { WriteContext } from '../mode.js';
import { info, type Outcome } from '../outcome.js';
import type { RedisCommand } from '../redisCommand.js';
import { combineReplies } from './combineReplies.js';

/**
 * The commands, then `confirm` (`WAIT ...` or `WAITAOF ...`), in one pipeline; the client-side
 * timeout is the command timeout plus `waitTimeoutMs`, so the confirmation's own answer
 * normally arrives first. The commands' outcome stands unless it is `ok` and the confirmation
 * falls short: an error from `confirm`, or `shortfall(reply)` naming what is missing, makes it
 * `info` (applied on the primary, not confirmed), never `fail`.
 */
export async function confirmedWrite(
  commands: readonly RedisCommand[],
  confirm: RedisCommand,
  waitTimeoutMs: number,
  { channel, commandTimeoutMs }: WriteContext,
  shortfall: (reply: unknown) => string | undefined,
): Promise<Outcome> {
  const { sent, replies } = await channel.send(
    [...commands, confirm],
    commandTimeoutMs + waitTimeoutMs,
  );
  const reply = replies[replies.length - 1];
  const outcome = combineReplies(replies.slice(0, -1), sent);
  if (outcome.type !== 'ok' || reply === undefined) return outcome;
  if (reply.error !== undefined) {
    return info(`${confirm[0]} failed: ${reply.error.message}`, outcome.value);
  }
  const missing = shortfall(reply.value);
  return missing === undefined ? outcome : info(`${confirm[0]}: ${missing}`, outcome.value);
}
