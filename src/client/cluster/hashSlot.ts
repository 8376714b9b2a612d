import type { RedisCommand } from '../redisCommand.js';

export { SLOT_COUNT, crc16, hashTagOf, hashSlot } from '../../common/slots.js';
import { hashSlot } from '../../common/slots.js';

/** Commands that name no key (they change no data, so a redirected batch may hold them). */
const KEYLESS = new Set([
  'MULTI',
  'EXEC',
  'DISCARD',
  'UNWATCH',
  'WAIT',
  'WAITAOF',
  'ASKING',
  'READONLY',
  'READWRITE',
  'PING',
  'CLIENT',
  'CLUSTER',
  'INFO',
  'SCRIPT',
]);

/** The keys a command names (the first argument for single-key commands; EVAL's `numkeys`). */
export function commandKeys(command: RedisCommand): string[] {
  const [name, ...args] = command;
  const upper = name.toUpperCase();
  if (KEYLESS.has(upper)) return [];
  if (upper === 'EVAL' || upper === 'EVALSHA' || upper === 'FCALL' || upper === 'EVAL_RO') {
    const n = Number(args[1] ?? 0);
    return args.slice(2, 2 + n).map(String);
  }
  if (upper === 'WATCH' || upper === 'DEL' || upper === 'MGET' || upper === 'EXISTS') {
    return args.map(String);
  }
  return args.length > 0 ? [String(args[0])] : [];
}

/** The slot of a batch: that of its first key; undefined when no command names a key. */
export function batchSlot(commands: readonly RedisCommand[]): number | undefined {
  for (const c of commands) {
    const key = commandKeys(c)[0];
    if (key !== undefined) return hashSlot(key);
  }
  return undefined;
}
