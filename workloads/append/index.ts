import type { Redis } from 'ioredis';
import { checkListAppend, type ListAppendResult } from '../../src/checker/elle/index.js';
import type { Workload } from '../workload.js';
import { appendOp } from './appendOp.js';

export { appendOp, appendKey, ACTIVE_KEYS, OPS_PER_SLIDE } from './appendOp.js';

/** Final state of one node: every list-append key and its list. */
export type AppendState = Record<string, number[]>;

/** Most keys a final read lists (a 30 s run touches a few thousand). */
const MAX_FINAL_KEYS = 100_000;

/**
 * Elle's list-append workload: transactions of appends (RPUSH) and whole-list reads (LRANGE)
 * on a sliding window of keys under one hash tag, through the run's mode (MULTI/EXEC, one Lua
 * script, or plain pipelined commands in `async`), checked for dependency cycles and the
 * other anomalies Elle names, under strict serializability.
 */
export const appendWorkload: Workload<AppendState, { append: ListAppendResult }> = {
  name: 'append',
  help: 'transactions of list appends and reads (Elle), checked for isolation anomalies',
  checkers: ['append'],
  keys: ['{append}:*'],
  op: appendOp,
  async finalRead(redis: Redis): Promise<AppendState> {
    const keys = (await redis.keys('{append}:*')).sort().slice(0, MAX_FINAL_KEYS);
    const lists = await Promise.all(keys.map((k) => redis.lrange(k, 0, -1)));
    return Object.fromEntries(keys.map((k, i) => [k, (lists[i] ?? []).map(Number)]));
  },
  parseState(stored) {
    if (stored === null || typeof stored !== 'object' || Array.isArray(stored)) {
      throw new Error('expected {"{append}:<k>": [number...], ...}');
    }
    return Object.fromEntries(
      Object.entries(stored).map(([k, v]: [string, unknown]) => {
        if (!Array.isArray(v) || !v.every((x) => typeof x === 'number')) {
          throw new Error(`expected key ${k} to hold a list of numbers`);
        }
        return [k, v];
      }),
    );
  },
  check({ history }) {
    return { append: checkListAppend(history) };
  },
  summary({ append: a }) {
    const found = Object.entries(a.counts)
      .map(([type, n]) => `${type} ${n}`)
      .join(', ');
    return [
      `append: ${String(a.valid)} under ${a.consistencyModel} (${a.stats.txns.ok} ok, ` +
        `${a.stats.txns.info} info, ${a.stats.txns.fail} fail transactions)` +
        (found === '' ? '' : `; found ${found}`),
    ];
  },
};
