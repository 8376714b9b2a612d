import type { Redis } from 'ioredis';
import type { Workload } from '../workload.js';
import { checkRegister, type RegisterCheckResult } from './checkRegister.js';
import { REGISTER_KEYS, registerInitialOps, registerOp } from './registerOp.js';

export { REGISTER_KEYS, registerOp, registerInitialOps } from './registerOp.js';
export { checkRegister, type RegisterCheckResult } from './checkRegister.js';

/** Final state of one node: each key's value (`null` when absent). */
export type RegisterState = Record<string, string | null>;

/** Default time budget of the linearizability check. */
export const DEFAULT_CHECK_TIME_LIMIT_MS = 60_000;

/**
 * Reads, writes and compare-and-sets on three keys, checked for linearizability per key
 * (Knossos's cas-register). Every key gets an initial value first (recorded as a write), so
 * reads constrain the order from the start.
 */
export const registerWorkload: Workload<RegisterState, { linearizable: RegisterCheckResult }> = {
  name: 'register',
  help: 'reads, writes and compare-and-set on three keys, checked for linearizability per key',
  checkers: ['linearizable'],
  keys: REGISTER_KEYS,
  initialOps: registerInitialOps(),
  op: registerOp,
  async finalRead(redis: Redis): Promise<RegisterState> {
    const values = await Promise.all(REGISTER_KEYS.map((k) => redis.get(k)));
    return Object.fromEntries(REGISTER_KEYS.map((k, i) => [k, values[i] ?? null]));
  },
  parseState(stored) {
    if (stored === null || typeof stored !== 'object' || Array.isArray(stored)) {
      throw new Error('expected {"<key>": string or null, ...}');
    }
    // fromEntries defines own properties: a key named __proto__ stays a key.
    return Object.fromEntries(
      Object.entries(stored).map(([k, v]: [string, unknown]) => {
        if (v !== null && typeof v !== 'string') {
          throw new Error(`expected key ${k} to hold a string or null, found ${typeof v}`);
        }
        return [k, v];
      }),
    );
  },
  async check({ history, checkTimeLimitMs }) {
    const linearizable = await checkRegister(
      history,
      checkTimeLimitMs ?? DEFAULT_CHECK_TIME_LIMIT_MS,
    );
    return { linearizable };
  },
  summary({ linearizable: lin }) {
    const keys = Object.entries(lin.keys)
      .map(([k, v]) => `${k} ${String(v)}`)
      .join(', ');
    return [
      `linearizable: ${String(lin.valid)} (${lin.opCount} ops, ${lin.elapsedMs} ms); per key: ${keys}`,
    ];
  },
};
