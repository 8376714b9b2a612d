import { casCommand } from '../../src/client/modes/casMode.js';
import type { WorkloadOp } from '../workload.js';

/** The register workload's keys: one hash tag each, so each key lives on one shard. */
export const REGISTER_KEYS: readonly string[] = ['{r0}', '{r1}', '{r2}'];

/** Every key's value before the workload starts (written by `registerInitialOps`). */
export const INITIAL_VALUE = 0;

type RegisterF = 'read' | 'write' | 'cas';

/** A fixed 32-bit mix of `n` (splitmix32's finalizer): the op's function, reproducibly. */
function mix(n: number): number {
  let z = (n + 0x9e3779b9) >>> 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
  return (z ^ (z >>> 16)) >>> 0;
}

/** Op `n`'s function: half reads, a quarter writes, a quarter compare-and-sets. */
export function registerF(n: number): RegisterF {
  const r = mix(n) & 3;
  return r < 2 ? 'read' : r === 2 ? 'write' : 'cas';
}

/** The value op `n` writes (writes and cas): `n + 1`, unique per key and never the initial 0. */
export function writtenValue(n: number): number {
  return n + 1;
}

/**
 * The value a cas at `n` expects: the one written by the last write or cas before it on the
 * same key (ops go round-robin over the keys), so it often matches; the initial value when
 * there is none.
 */
export function expectedValue(n: number): number {
  for (let j = n - REGISTER_KEYS.length; j >= 0; j -= REGISTER_KEYS.length) {
    if (registerF(j) !== 'read') return writtenValue(j);
  }
  return INITIAL_VALUE;
}

const parseRead = (reply: unknown): unknown =>
  reply === null || reply === undefined ? null : Number(reply);

/**
 * The `n`-th op of a run (pure): key `n mod 3`; `read` (GET, value recorded from the reply,
 * `null` for nil), `write v` (SET) or `cas [old new]` (Lua script, or WATCH/MULTI in multi
 * mode). Values are small integers, unique per key, so every read names the write it saw.
 */
export function registerOp(n: number): WorkloadOp {
  const key = REGISTER_KEYS[n % REGISTER_KEYS.length] as string;
  const f = registerF(n);
  if (f === 'read') {
    return { kind: 'read', f, key, value: null, command: ['GET', key], parse: parseRead };
  }
  const next = writtenValue(n);
  if (f === 'write') return { f, key, value: next, commands: [['SET', key, String(next)]] };
  const old = expectedValue(n);
  return {
    kind: 'cas',
    f,
    key,
    value: [old, next],
    commands: [casCommand(key, String(old), String(next))],
  };
}

/**
 * The initial writes, one per key. Under Knossos's cas-register a nil read is legal in any
 * state, so without a known initial value the first reads would constrain nothing.
 */
export function registerInitialOps(): WorkloadOp[] {
  return REGISTER_KEYS.map((key) => ({
    f: 'write',
    key,
    value: INITIAL_VALUE,
    commands: [['SET', key, String(INITIAL_VALUE)]],
  }));
}
