import type { RedisCommand } from '../../src/client/redisCommand.js';
import type { MicroOp } from '../../src/checker/elle/index.js';
import type { ReadOp, WriteOp } from '../workload.js';

/** The Redis key of list-append key `k`: one hash tag, so a transaction stays on one shard. */
export function appendKey(k: number): string {
  return `{append}:${k}`;
}

/** Keys open for appends at a time; the window slides on, so every list stays short. */
export const ACTIVE_KEYS = 5;
/** Ops between two slides of the window: about 30 appends per key over its life, as Elle's generator keeps. */
export const OPS_PER_SLIDE = 25;

/** A fixed 32-bit mix of `n` and `salt` (splitmix32's finalizer). */
function mix(n: number, salt: number): number {
  let z = (n * 0x9e3779b1 + salt * 0x85ebca6b + 0x9e3779b9) >>> 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
  return (z ^ (z >>> 16)) >>> 0;
}

/**
 * The `n`-th transaction of a run (pure): 1 to 4 micro-ops on keys of the active window,
 * half reads (`[r k nil]`, LRANGE) and half appends (`[append k v]`, RPUSH) of `v = n * 4 + i`,
 * unique per key. Recorded as Jepsen records it (`f: txn`), the reads completed from the
 * replies, so the history exports to EDN that Elle reads. A transaction of one read is a read
 * op (one LRANGE is atomic by itself), so `--read-from replica` sends it to a replica, where
 * replication lag shows as stale reads.
 */
export function appendOp(n: number): WriteOp | ReadOp {
  const length = 1 + (mix(n, 1) % 4);
  const base = Math.floor(n / OPS_PER_SLIDE);
  const mops: MicroOp[] = [];
  const commands: RedisCommand[] = [];
  for (let i = 0; i < length; i++) {
    const k = base + (mix(n, 10 + i) % ACTIVE_KEYS);
    if (mix(n, 20 + i) % 2 === 0) {
      mops.push(['r', k, null]);
      commands.push(['LRANGE', appendKey(k), 0, -1]);
    } else {
      const v = n * 4 + i;
      mops.push(['append', k, v]);
      commands.push(['RPUSH', appendKey(k), v]);
    }
  }
  const [only] = mops;
  if (mops.length === 1 && only?.[0] === 'r' && commands[0] !== undefined) {
    return {
      kind: 'read',
      f: 'txn',
      value: mops,
      command: commands[0],
      parse: (reply) => completed(mops, [reply]),
    };
  }
  return { f: 'txn', value: mops, commands, complete: (replies) => completed(mops, replies) };
}

/** The transaction with each read filled in from its reply (LRANGE's list, as numbers). */
export function completed(mops: readonly MicroOp[], replies: readonly unknown[]): MicroOp[] {
  return mops.map((m, i): MicroOp => {
    if (m[0] !== 'r') return m;
    const reply = replies[i];
    const list = Array.isArray(reply) ? reply.map((x) => Number(x)) : [];
    return ['r', m[1], list];
  });
}
