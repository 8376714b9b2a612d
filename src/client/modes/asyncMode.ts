import type { Mode } from '../Mode.js';
import { combineReplies } from './combineReplies.js';
import { sendPipeline } from './sendPipeline.js';

/** `async`: the commands pipelined as they are, not atomic. Ack = the replies. */
export function asyncMode(): Mode {
  return {
    name: 'async',
    async write(commands, { redis, commandTimeoutMs }) {
      const { sent, replies } = await sendPipeline(redis, commands, commandTimeoutMs);
      return combineReplies(replies, sent);
    },
  };
}
