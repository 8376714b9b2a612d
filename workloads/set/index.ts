import type { Redis } from 'ioredis';
import { checkSet, type SetCheckResult } from '../../src/checker/set.js';
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
export const setWorkload: Workload<SetState, { set: SetCheckResult }> = {
  name: 'set',
  help: 'each write adds a unique element to a set and a list; lost = acknowledged, then absent',
  checkers: ['set'],
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
  parseState(stored) {
    const o = stored as { set?: unknown; list?: unknown } | null;
    if (o === null || typeof o !== 'object' || !isStrings(o.set) || !isStrings(o.list)) {
      throw new Error('expected {"set": [string...], "list": [string...]}');
    }
    return { set: o.set, list: o.list };
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
  summary({ set }) {
    const lines = [
      `set: acknowledged ${set.acknowledged}, lost ${set.lost} (${set.lostPercent}%), ` +
        `partial ${set.partial}, unexpected ${set.unexpected}, recovered ${set.recovered}` +
        (set.lost ? ` (${set.lostDuringFaults} lost during faults)` : ''),
    ];
    const byNode = Object.entries(set.lostByNode);
    if (byNode.length > 0) {
      lines.push(`lost by the node written to: ${byNode.map(([n, c]) => `${n} ${c}`).join(', ')}`);
    }
    return lines;
  },
};

function isStrings(v: unknown): v is string[] {
  return Array.isArray(v) && v.every((x) => typeof x === 'string');
}
