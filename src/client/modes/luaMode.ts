import { createHash } from 'node:crypto';
import type { Mode } from '../mode.js';
import { classifyError, outcomeOf, replyCode } from '../classifyError.js';
import { info, type Outcome } from '../outcome.js';
import type { RedisCommand } from '../redisCommand.js';
import { combineReplies } from './combineReplies.js';
import type { Reply } from '../channel.js';

/**
 * Runs the commands encoded in ARGV as `argc, name, args...` groups. The `#!lua` shebang
 * (Redis 7+) declares a writing script, so Redis refuses it before it runs (READONLY on a
 * replica, NOREPLICAS, OOM) instead of failing halfway. `redis.pcall` keeps each command's
 * error in the result, as EXEC does, so a partial write can be told apart from a whole one.
 */
export const WRITE_SCRIPT = `#!lua
local out = {}
local i = 1
while i <= #ARGV do
  local argc = tonumber(ARGV[i])
  out[#out + 1] = redis.pcall(unpack(ARGV, i + 1, i + argc))
  i = i + argc + 1
end
return out
`;

export const WRITE_SCRIPT_SHA = createHash('sha1').update(WRITE_SCRIPT).digest('hex');

/** Keys to declare: each command's first argument (true of SADD, RPUSH, SET, INCRBY, ...). */
function declaredKeys(commands: readonly RedisCommand[]): string[] {
  const keys = new Set<string>();
  for (const [, key] of commands) if (key !== undefined) keys.add(String(key));
  return [...keys];
}

function scriptArgs(commands: readonly RedisCommand[]): (string | number)[] {
  const keys = declaredKeys(commands);
  return [keys.length, ...keys, ...commands.flatMap((c) => [c.length, ...c])];
}

/**
 * `lua`: one `EVALSHA` running the commands; on `NOSCRIPT` (the script cache is empty, e.g.
 * after a restart) one `EVAL` of the same script, which is safe because NOSCRIPT means
 * nothing ran. An error reply to the script call (`BUSY`, `READONLY`, `NOREPLICAS`, ...) is
 * `fail`: the script did not start. A lost reply is `info`.
 */
export function luaMode(): Mode {
  return {
    name: 'lua',
    async write(commands, { channel, commandTimeoutMs }): Promise<Outcome> {
      const args = scriptArgs(commands);
      let result = await channel.send([['EVALSHA', WRITE_SCRIPT_SHA, ...args]], commandTimeoutMs);
      if (replyCode(result.replies[0]?.error) === 'NOSCRIPT') {
        result = await channel.send([['EVAL', WRITE_SCRIPT, ...args]], commandTimeoutMs);
      }
      const reply = result.replies[0];
      if (reply === undefined) return info('no reply to the script call');
      if (reply.error !== undefined) {
        const c = classifyError(reply.error, { sent: result.sent, op: 'write' });
        return outcomeOf(c);
      }
      if (!Array.isArray(reply.value)) {
        return info(`script returned ${JSON.stringify(reply.value)}, not an array`);
      }
      const inner = (reply.value as unknown[]).map((v): Reply =>
        v instanceof Error ? { error: v } : { value: v },
      );
      return combineReplies(inner, result.sent);
    },
  };
}
