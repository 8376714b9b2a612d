/**
 * Redis Cluster's slot arithmetic: the CRC16 of a key's hash tag, mod 16384, and slot ranges
 * as text. Pure; shared by the client (routing), the cluster (forming shards), the nemesis
 * (resharding) and the workloads (one hash tag per shard).
 */

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

/** Slot ranges as text: `0-5460 5461-10922`. */
export function formatSlots(slots: readonly (readonly [number, number])[]): string {
  return slots.map(([a, b]) => (a === b ? String(a) : `${a}-${b}`)).join(' ');
}

/** How many slots the ranges cover. */
export function slotCount(slots: readonly (readonly [number, number])[]): number {
  return slots.reduce((n, [a, b]) => n + b - a + 1, 0);
}
