import type { Redis } from 'ioredis';
import { checkCounter, type CounterCheckResult } from '../../src/checker/counter.js';
import { hashSlot, SLOT_COUNT } from '../../src/common/slots.js';
import type { Workload, WorkloadOp } from '../workload.js';

/** How many counters; key `i` hashes into slots `[i * 2048, (i + 1) * 2048)`. */
const KEY_COUNT = 8;

/** The counter keys, spread over the slots so that every shard of a cluster holds some. */
export const COUNTER_KEYS: readonly string[] = Array.from({ length: KEY_COUNT }, (_, i) => {
  const width = SLOT_COUNT / KEY_COUNT;
  for (let j = 0; ; j++) {
    const key = `counter${i}.${j}`;
    if (Math.floor(hashSlot(key) / width) === i) return key;
  }
});

/** Final state of one node: each counter it holds (absent keys read as 0; MOVED ones are left out). */
export type CounterState = Record<string, number>;

/** A cheap integer hash, so `op(n)` is a pure function of `n`. */
function mix(n: number): number {
  let x = (n + 0x9e3779b9) | 0;
  x = Math.imul(x ^ (x >>> 16), 0x85ebca6b);
  x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35);
  return (x ^ (x >>> 16)) >>> 0;
}

/** Op `n`: every fifth a read (GET), the others INCRBY 1..5, on key `mix(n) mod 8`. */
export function counterOp(n: number): WorkloadOp {
  const h = mix(n);
  const key = COUNTER_KEYS[h % KEY_COUNT] as string;
  if (n % 5 === 4) {
    return {
      kind: 'read',
      f: 'read',
      key,
      value: null,
      command: ['GET', key],
      parse: (reply) => (reply === null || reply === undefined ? 0 : Number(reply)),
    };
  }
  const amount = 1 + ((h >>> 8) % 5);
  return { f: 'add', key, value: amount, commands: [['INCRBY', key, amount]] };
}

/**
 * INCRBY by small amounts on eight counters (through the run's mode), reads during the run,
 * and a final read: Jepsen's counter checker holds every read and the final value between
 * the acknowledged increments and every increment that may have happened.
 */
export const counterWorkload: Workload<CounterState, { counter: CounterCheckResult }> = {
  name: 'counter',
  help: 'INCRBY small amounts on 8 counters, reads during the run; each read and the final value within bounds',
  checkers: ['counter'],
  keys: COUNTER_KEYS,
  op: counterOp,
  async finalRead(redis: Redis): Promise<CounterState> {
    const values = await Promise.all(
      COUNTER_KEYS.map((k) =>
        redis.get(k).catch((e: unknown) => {
          // In a cluster a node serves some keys only: the others answer MOVED.
          if (e instanceof Error && /^MOVED /.test(e.message)) return undefined;
          throw e;
        }),
      ),
    );
    const state: CounterState = {};
    COUNTER_KEYS.forEach((k, i) => {
      const v = values[i];
      if (v !== undefined) state[k] = v === null ? 0 : Number(v);
    });
    return state;
  },
  parseState(stored) {
    if (stored === null || typeof stored !== 'object' || Array.isArray(stored)) {
      throw new Error('expected {"<key>": number, ...}');
    }
    return Object.fromEntries(
      Object.entries(stored).map(([k, v]: [string, unknown]) => {
        if (typeof v !== 'number' || !Number.isFinite(v)) {
          throw new Error(`expected key ${k} to hold a number, found ${JSON.stringify(v)}`);
        }
        return [k, v];
      }),
    );
  },
  check({ history, reads }) {
    const counter = checkCounter({
      history,
      finalReads: reads.map((r) => ({
        node: r.node,
        primary: r.primary,
        ...(r.state ? { values: r.state } : {}),
        ...(r.error !== undefined ? { error: r.error } : {}),
      })),
    });
    return { counter };
  },
  summary({ counter: c }) {
    return [
      `counter: ${String(c.valid)}: acknowledged ${c.acknowledged}, indeterminate ${c.indeterminate}, ` +
        `reads ${c.reads} (${c.badReads} out of bounds), lost increments ${c.lostIncrements}, ` +
        `duplicated ${c.duplicatedIncrements}`,
    ];
  },
};
