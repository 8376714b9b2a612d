import type { Redis } from 'ioredis';
import { checkSet } from '../../src/checker/set.js';
import type { Workload } from '../workload.js';

/** The set workload's two keys: one hash tag, so Redis Cluster keeps them on one shard. */
export const SET_KEY = '{set}:s';
export const LIST_KEY = '{set}:l';

/** Final state of one node: both keys. */
export interface SetState {
  set: string[];
  list: string[];
}

/**
 * Each write adds a unique element `e<n>` to a set (SADD) and a list (RPUSH). Lost = acked
 * but absent from the final primary; partial = in one key only (see `checkSet`).
 */
export const setWorkload: Workload<SetState> = {
  name: 'set',
  keys: [SET_KEY, LIST_KEY],
  op(n) {
    const element = `e${n}`;
    return {
      f: 'add',
      value: element,
      commands: [
        ['SADD', SET_KEY, element],
        ['RPUSH', LIST_KEY, element],
      ],
    };
  },
  async finalRead(redis: Redis): Promise<SetState> {
    const [set, list] = await Promise.all([redis.smembers(SET_KEY), redis.lrange(LIST_KEY, 0, -1)]);
    return { set, list };
  },
  check({ history, reads, faults }) {
    const set = checkSet({
      history,
      faults,
      finalReads: reads.map((r) => ({
        node: r.node,
        primary: r.primary,
        ...(r.state ? { set: r.state.set, list: r.state.list } : {}),
        ...(r.error !== undefined ? { error: r.error } : {}),
      })),
    });
    return { set };
  },
};
