import type { Mode } from '../mode.js';
import { combineReplies } from './combineReplies.js';

/** `async`: the commands pipelined as they are, not atomic. Ack = the replies. */
export function asyncMode(): Mode {
  return {
    name: 'async',
    async write(commands, { channel, commandTimeoutMs }) {
      const { sent, replies } = await channel.send(commands, commandTimeoutMs);
      return combineReplies(replies, sent);
    },
  };
}
