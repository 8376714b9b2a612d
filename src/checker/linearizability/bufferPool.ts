/**
 * ArrayBuffers kept between searches, by size (powers of two from 4 KiB). The allocator maps a
 * buffer of more than a few pages when it is made and unmaps it when it is collected, so every
 * search touched fresh pages for its arrays and each time its cache doubled. A page fault costs
 * about 10 us on the machines the benches run on: a 0.35 ms etcd check (etcd_056) paid 60 of
 * them when it was checked again (1.1 ms). A buffer given back is reused by the next search in
 * the process; what is kept is dropped once a second passes with no search asking for a buffer,
 * so an idle process holds none of it.
 */

/** The smallest size class: 4 KiB. */
const MIN_SHIFT = 12;
/** Bytes kept at most; a buffer given back past it is left to the collector. */
const MAX_KEPT_BYTES = 64 * 2 ** 20;
/** How long kept buffers outlive the last request for one. */
const IDLE_MS = 1000;

/** Kept buffers by size class: `kept[k]` holds buffers of 2^k bytes. */
const kept: ArrayBuffer[][] = [];
let keptBytes = 0;
let idleTimer: ReturnType<typeof setTimeout> | undefined;
let askedSinceTimer = false;

const classOf = (bytes: number): number =>
  Math.max(MIN_SHIFT, Math.ceil(Math.log2(Math.max(1, bytes))));

/** A kept buffer of size class `k`, or undefined if none is kept. Its contents are stale. */
function takeKept(k: number): ArrayBuffer | undefined {
  askedSinceTimer = true;
  const reused = kept[k]?.pop();
  if (reused !== undefined) keptBytes -= reused.byteLength;
  return reused;
}

/** A buffer of at least `bytes` bytes whose first `bytes` are zero. */
export function takeBuffer(bytes: number): ArrayBuffer {
  const k = classOf(bytes);
  const reused = takeKept(k);
  if (reused === undefined) return new ArrayBuffer(2 ** k);
  new Uint8Array(reused, 0, bytes).fill(0);
  return reused;
}

/**
 * `n` 32-bit words filled with `fill` (zero by default), in a buffer of their own. A kept
 * buffer is written once, with `fill`, not zeroed first.
 */
export function takeInt32(n: number, fill = 0): Int32Array {
  const k = classOf(n * 4);
  const reused = takeKept(k);
  if (reused === undefined) {
    const fresh = new Int32Array(new ArrayBuffer(2 ** k), 0, n);
    return fill === 0 ? fresh : fresh.fill(fill);
  }
  return new Int32Array(reused, 0, n).fill(fill);
}

/**
 * Gives `buffer` back for reuse. Nothing may use it, or any view of it, afterwards: the next
 * search that takes it overwrites it.
 */
export function giveBuffer(buffer: ArrayBufferLike): void {
  const k = Math.log2(buffer.byteLength);
  // not one of the pool's sizes (or shared): left to the collector
  if (!(buffer instanceof ArrayBuffer) || !Number.isInteger(k) || k < MIN_SHIFT) return;
  if (keptBytes + buffer.byteLength > MAX_KEPT_BYTES) return;
  (kept[k] ??= []).push(buffer);
  keptBytes += buffer.byteLength;
  if (idleTimer === undefined) {
    askedSinceTimer = false;
    idleTimer = setTimeout(dropWhenIdle, IDLE_MS);
    idleTimer.unref?.();
  }
}

function dropWhenIdle(): void {
  idleTimer = undefined;
  if (askedSinceTimer && keptBytes > 0) {
    askedSinceTimer = false;
    idleTimer = setTimeout(dropWhenIdle, IDLE_MS);
    idleTimer.unref?.();
    return;
  }
  dropKeptBuffers();
}

/**
 * Drops every kept buffer now (to the collector). For measurements of what a check holds: the
 * memory bench empties the pool first, so the check's buffers count as its own.
 */
export function dropKeptBuffers(): void {
  kept.length = 0;
  keptBytes = 0;
}

/** Bytes kept now (for tests and the bench). */
export function keptBufferBytes(): number {
  return keptBytes;
}
