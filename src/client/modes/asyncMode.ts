import type { BatchResult } from '../channel.js';
import type { Mode } from '../mode.js';
import type { Outcome } from '../outcome.js';
import { combineReplies } from './combineReplies.js';

/** The outcome of a batch's replies (made once: no closure an op). */
const outcomeOfBatch = ({ sent, replies }: BatchResult): Outcome => combineReplies(replies, sent);

/** `async`: the commands pipelined as they are, not atomic. Ack = the replies. */
export function asyncMode(): Mode {
  return {
    name: 'async',
    write: (commands, { channel, commandTimeoutMs }) =>
      channel.send(commands, commandTimeoutMs).then(outcomeOfBatch),
  };
}
