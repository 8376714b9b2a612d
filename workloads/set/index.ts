import type { Redis } from 'ioredis';
import { checkSet, type SetCheckResult } from '../../src/checker/set.js';
import { SetStreamCheck } from '../../src/checker/setStream/setStreamCheck.js';
import type { LostWriteColumns } from '../../src/checker/setStream/lostWriteColumns.js';
import type { NodeFinalRead, Workload } from '../workload.js';
import { setFinalReadJsonPages } from './finalReadJsonPages.js';
import { joinSetPages, setFinalReadPages, type SetState } from './finalReadPages.js';
import { SET_TAG_COUNT, SET_TAGS, setKeys, slotOfElement } from './tags.js';

export { SET_TAGS, setKeys } from './tags.js';

export type { SetState } from './finalReadPages.js';

/** Each tag's keys, made once (an op names them; no strings made for them per op). */
const TAG_KEYS = SET_TAGS.map(setKeys);

/**
 * Each write adds a unique element `e<n>` to a set (SADD) and a list (RPUSH) under hash tag
 * `n mod 32` (see `tags.ts`: in a cluster every shard gets writes). Lost = acked but absent
 * from the final primary (in a cluster: from the primary of the slot); partial = in one key
 * only (see `checkSet`).
 */
export const setWorkload: Workload<SetState, { set: SetCheckResult }> = {
  name: 'set',
  help: 'each write adds a unique element to a set and a list; lost = acknowledged, then absent',
  checkers: ['set'],
  keys: TAG_KEYS.flatMap((k) => [k.set, k.list]),
  op(n) {
    const element = `e${n}`;
    const keys = TAG_KEYS[n % SET_TAG_COUNT] as { set: string; list: string };
    return {
      f: 'add',
      value: element,
      commands: [
        ['SADD', keys.set, element],
        ['RPUSH', keys.list, element],
      ],
    };
  },
  async finalRead(redis: Redis): Promise<SetState> {
    const pages: SetState[] = [];
    for await (const page of setFinalReadPages(redis, 10_000)) pages.push(page);
    return joinSetPages(pages);
  },
  finalReadPages: setFinalReadPages,
  finalReadJsonPages: setFinalReadJsonPages,
  joinPages: joinSetPages,
  parseState(stored) {
    const o = stored as { set?: unknown; list?: unknown } | null;
    if (o === null || typeof o !== 'object' || !isStrings(o.set) || !isStrings(o.list)) {
      throw new Error('expected {"set": [string...], "list": [string...]}');
    }
    return { set: o.set, list: o.list };
  },
  streamCheck(options) {
    const check = new SetStreamCheck({
      ...(options?.scratchDir === undefined ? {} : { scratchDir: options.scratchDir }),
      finalRead: { f: 'final-read', process: 'final' },
      parsePage: (stored) => setWorkload.parseState(stored),
      shardOf: (element, primaries) => {
        const slot = slotOfElement(element);
        if (slot === undefined) return undefined;
        return primaries.find((r) => r.slots?.some(([a, b]) => slot >= a && slot <= b))?.shard;
      },
    });
    let lost: LostWriteColumns | undefined;
    return {
      push: (op) => check.push(op),
      endReading: (faults) => check.endReading(faults),
      close: () => check.close(),
      finish: () => {
        const { lostColumns, ...set } = check.finish();
        lost = lostColumns;
        return { set };
      },
      lostWrites: () => lost,
      scanFinalValue: check.scanFinalValue,
      fields: check,
    };
  },
  check({ history, reads, faults }) {
    const shardOf = shardOfElement(reads);
    const set = checkSet({
      history,
      faults,
      ...(shardOf ? { shardOf } : {}),
      finalReads: reads.map((r) => ({
        node: r.node,
        primary: r.primary,
        ...(r.shard !== undefined ? { shard: r.shard } : {}),
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
    const byShard = Object.entries(set.lostByShard ?? {});
    if (byShard.length > 0) {
      lines.push(`lost by shard: ${byShard.map(([s, c]) => `${s} ${c}`).join(', ')}`);
    }
    const byNode = Object.entries(set.lostByNode);
    if (byNode.length > 0) {
      lines.push(`lost by the node written to: ${byNode.map(([n, c]) => `${n} ${c}`).join(', ')}`);
    }
    return lines;
  },
};

/**
 * In a cluster: the shard whose primary served an element's slot at the end (from the
 * primaries' final reads); undefined on other topologies.
 */
function shardOfElement(
  reads: readonly NodeFinalRead<SetState>[],
): ((element: string) => string | undefined) | undefined {
  const owners = reads.filter((r) => r.primary && r.shard !== undefined && r.slots !== undefined);
  if (owners.length === 0) return undefined;
  return (element) => {
    const slot = slotOfElement(element);
    if (slot === undefined) return undefined;
    return owners.find((r) => r.slots?.some(([a, b]) => slot >= a && slot <= b))?.shard;
  };
}

function isStrings(v: unknown): v is string[] {
  return Array.isArray(v) && v.every((x) => typeof x === 'string');
}
