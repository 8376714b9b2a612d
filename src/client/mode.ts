import type { CommandChannel } from './channel.js';
import type { Outcome } from './outcome.js';
import type { RedisCommand } from './redisCommand.js';

/** Names of the write modes (DESIGN.md "Modes"). */
export type ModeName = 'async' | 'wait' | 'multi' | 'lua' | 'waitaof';
export const MODE_NAMES: readonly ModeName[] = ['async', 'wait', 'multi', 'lua', 'waitaof'];

/** Redis flavours whose server has `WAITAOF` (Redis 7.2 and later). */
export const WAITAOF_FLAVORS: readonly string[] = ['8.0', 'valkey-8.1'];

/** What a mode needs for one write. */
export interface WriteContext {
  /** An open connection to the node that should be the primary. */
  readonly channel: CommandChannel;
  /** Reply timeout for this write's commands (ms). */
  readonly commandTimeoutMs: number;
}

/** How a write (a list of commands) is performed and acknowledged. */
export interface Mode {
  readonly name: ModeName;
  /**
   * Run `commands` as one write on `context.channel` and say how it ended by this mode's ack
   * rule: `ok` only when the mode's acknowledgement arrived, `fail` only when no command
   * can have been applied, `info` otherwise. Sends each request exactly once (no retry, no
   * resend) and never throws: every error becomes an outcome. `value` holds the replies.
   */
  write(commands: readonly RedisCommand[], context: WriteContext): Promise<Outcome>;
}
