import type { RedisCommand } from '../RedisCommand.js';

/** Slots in a Redis Cluster. */
export const SLOT_COUNT = 16384;

// CRC16-CCITT (XMODEM: polynomial 0x1021, initial value 0), the checksum Redis Cluster uses.
const TABLE = (() => {
  const t = new Uint16Array(256);
  for (let i = 0; i < 256; i++) {
    let crc = i << 8;
    for (let b = 0; b < 8; b++)
      crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
    t[i] = crc;
  }
  return t;
})();

/** CRC16 (XMODEM) of `bytes`. */
export function crc16(bytes: Uint8Array): number {
  let crc = 0;
  for (const byte of bytes)
    crc = ((crc << 8) & 0xffff) ^ (TABLE[((crc >> 8) ^ byte) & 0xff] as number);
  return crc;
}

/**
 * The part of a key that is hashed: the hash tag (what lies between the first `{` and the
 * next `}`) when it is non-empty, else the whole key.
 */
export function hashTagOf(key: string): string {
  const open = key.indexOf('{');
  if (open < 0) return key;
  const close = key.indexOf('}', open + 1);
  if (close < 0 || close === open + 1) return key;
  return key.slice(open + 1, close);
}

/** The cluster slot of `key`: CRC16 of its hash tag (or of the key), mod 16384. */
export function hashSlot(key: string): number {
  return crc16(Buffer.from(hashTagOf(key), 'utf8')) % SLOT_COUNT;
}

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
