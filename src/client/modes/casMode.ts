import type { Mode } from '../mode.js';
import { classifyError, outcomeOf } from '../classifyError.js';
import { fail, info, ok, type Outcome } from '../outcome.js';
import type { RedisCommand } from '../redisCommand.js';
import { asyncMode } from './asyncMode.js';

/**
 * Compare-and-set of one string key: sets `ARGV[2]` when the value is `ARGV[1]`; returns 1
 * when it did, 0 when the value was something else (nothing changed). `#!lua` declares it a
 * writing script, so a replica or NOREPLICAS refuses it before it runs.
 */
export const CAS_SCRIPT = `#!lua
if redis.call('GET', KEYS[1]) == ARGV[1] then
  redis.call('SET', KEYS[1], ARGV[2])
  return 1
end
return 0
`;

/** The compare-and-set of `key` from `expected` to `next` as one command (the Lua script). */
export function casCommand(key: string, expected: string, next: string): RedisCommand {
  return ['EVAL', CAS_SCRIPT, 1, key, expected, next];
}

/** `[key, expected, next]` of a `casCommand`; throws for any other command. */
export function casArgs(command: RedisCommand | undefined): [string, string, string] {
  const [name, script, , key, expected, next] = command ?? [];
  if (name !== 'EVAL' || script !== CAS_SCRIPT || key === undefined || next === undefined) {
    throw new Error(`not a compare-and-set command: ${command ? command.join(' ') : 'none'}`);
  }
  return [String(key), String(expected), String(next)];
}

const MISMATCH = 'cas: the value was not the expected one';

/**
 * A compare-and-set under the run's mode. The write is `[casCommand(...)]`:
 * - `async`, `lua`: the script as is (it is already one atomic script);
 * - `wait`: the script, then WAIT (the wait mode's ack rule);
 * - `multi`: WATCH key, GET key, then MULTI SET EXEC when the value is the expected one
 *   (a null EXEC, i.e. the key changed after WATCH, is `fail`).
 * A cas that found another value changed nothing: `fail`, whatever WAIT said.
 */
export function casMode(mode: Mode): Mode {
  if (mode.name === 'multi') return watchCasMode();
  const inner = mode.name === 'wait' ? mode : asyncMode();
  return {
    name: mode.name,
    async write(commands, context): Promise<Outcome> {
      const outcome = await inner.write(commands, context);
      const replies = outcome.value;
      if (outcome.type !== 'fail' && Array.isArray(replies) && replies[0] === 0) {
        return fail(MISMATCH);
      }
      return outcome;
    },
  };
}

/**
 * `multi` compare-and-set by optimistic locking: `WATCH k` + `GET k` in one round trip;
 * when the value is not the expected one, `UNWATCH` and `fail`; else `MULTI`, `SET`, `EXEC`.
 * Errors before EXEC was sent are `fail`; a lost EXEC reply is `info`.
 */
export function watchCasMode(): Mode {
  return {
    name: 'multi',
    async write(commands, { channel, commandTimeoutMs }): Promise<Outcome> {
      const [key, expected, next] = casArgs(commands[0]);
      const read = await channel.send(
        [
          ['WATCH', key],
          ['GET', key],
        ],
        commandTimeoutMs,
      );
      for (const reply of read.replies) {
        if (reply.error !== undefined) {
          // Nothing was written yet: whatever happened, it is a definite failure.
          const c = classifyError(reply.error, { sent: read.sent, op: 'read' });
          return fail(c.message, c.reconnect);
        }
      }
      if (read.replies[1]?.value !== expected) {
        await channel.send([['UNWATCH']], commandTimeoutMs);
        return fail(MISMATCH);
      }
      const tx = await channel.send([['MULTI'], ['SET', key, next], ['EXEC']], commandTimeoutMs);
      const exec = tx.replies[2];
      if (exec === undefined) return info('no reply to EXEC');
      if (exec.error !== undefined) {
        return outcomeOf(classifyError(exec.error, { sent: tx.sent, op: 'write' }));
      }
      if (exec.value === null) return fail('EXEC returned null (the key changed after WATCH)');
      if (!Array.isArray(exec.value)) {
        return info(`EXEC returned ${JSON.stringify(exec.value)}, not an array`);
      }
      const set: unknown = exec.value[0];
      if (set instanceof Error) return fail(set.message);
      return ok(exec.value);
    },
  };
}
