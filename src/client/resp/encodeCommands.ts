import type { RedisCommand } from '../redisCommand.js';

/**
 * `commands` in the RESP request format, as one string for one socket write:
 * `*<argc>\r\n` then `$<bytes>\r\n<arg>\r\n` for each argument.
 */
export function encodeCommands(commands: readonly RedisCommand[]): string {
  let out = '';
  for (const command of commands) {
    out += `*${command.length}\r\n`;
    for (const arg of command) {
      const s = typeof arg === 'string' ? arg : String(arg);
      out += `$${Buffer.byteLength(s)}\r\n${s}\r\n`;
    }
  }
  return out;
}
