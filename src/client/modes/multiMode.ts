import type { Mode } from '../mode.js';
import { classifyError, outcomeOf } from '../classifyError.js';
import { fail, info, type Outcome } from '../outcome.js';
import { combineReplies } from './combineReplies.js';

/**
 * `multi`: `MULTI`, the commands, `EXEC`, in one pipeline. EXEC decides: `EXECABORT` (an
 * error while queueing, e.g. READONLY or NOREPLICAS) or a null EXEC (a WATCH fired) is
 * `fail`; a lost EXEC reply is `info`. Redis does not roll back a command that fails inside
 * EXEC, so an EXEC array with some error entries is a partial write (`info`).
 */
export function multiMode(): Mode {
  return {
    name: 'multi',
    async write(commands, { channel, commandTimeoutMs }): Promise<Outcome> {
      const all = [['MULTI'] as const, ...commands, ['EXEC'] as const];
      const { sent, replies } = await channel.send(all, commandTimeoutMs);
      const multiReply = replies[0];
      const execReply = replies[replies.length - 1];
      if (multiReply?.error !== undefined || execReply === undefined) {
        // MULTI itself was refused: the commands may have run one by one, outside a
        // transaction. Judge them as a plain pipeline.
        return combineReplies(replies.slice(1, -1), sent);
      }
      if (execReply.error !== undefined) {
        const c = classifyError(execReply.error, { sent, op: 'write' });
        return outcomeOf(c);
      }
      if (execReply.value === null)
        return fail('EXEC returned null (transaction aborted by WATCH)');
      if (!Array.isArray(execReply.value)) {
        return info(`EXEC returned ${JSON.stringify(execReply.value)}, not an array`);
      }
      const inner = (execReply.value as unknown[]).map((v) =>
        v instanceof Error ? { error: v } : { value: v },
      );
      return combineReplies(inner, sent);
    },
  };
}
