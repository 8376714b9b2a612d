/** The schema of `checkers.append`: the list-append (Elle) checker's own result. */
import { z } from 'zod';
import {
  CONSISTENCY_MODELS,
  CYCLE_TYPES,
  NON_CYCLE_TYPES,
  UNKNOWN_TYPES,
  type CycleAnomalyType,
  type ListAppendResult,
} from '../../checker/elle/index.js';
import { assertSameType, checkResultFields, type SameType } from './common.js';

const key = z.union([z.number(), z.string()]);
const element = z.union([z.number(), z.string()]);
const list = z.array(element).readonly();
const cycleType = z.enum(CYCLE_TYPES as [CycleAnomalyType, ...CycleAnomalyType[]]);
const anomalyType = z.union([cycleType, z.enum(NON_CYCLE_TYPES), z.enum(UNKNOWN_TYPES)]);

const txn = z.object({
  name: z.string(),
  index: z.number(),
  invokeIndex: z.number(),
  process: z.union([z.number(), z.string()]),
  type: z.enum(['ok', 'info', 'fail']),
  value: z.unknown(),
});

const cycle = z.object({
  type: cycleType,
  txns: z.array(txn),
  edges: z.array(
    z.object({
      from: z.string(),
      to: z.string(),
      kind: z.enum(['ww', 'wr', 'rw', 'process', 'realtime']),
      key: key.optional(),
      element: element.nullable().optional(),
      explanation: z.string(),
    }),
  ),
  explanation: z.string(),
});

const base = { explanation: z.string() };
const anomaly = z.union([
  cycle,
  z.object({
    type: z.enum(['G1a', 'G1b']),
    ...base,
    reader: txn,
    writer: txn,
    key,
    element,
    read: list,
  }),
  z.object({
    type: z.literal('internal'),
    ...base,
    txn,
    key,
    read: list,
    expected: z.union([z.object({ list: z.array(element) }), z.object({ endsWith: z.array(element) })]),
  }),
  z.object({ type: z.literal('future-read'), ...base, txn, key, element }),
  z.object({
    type: z.literal('dirty-update'),
    ...base,
    key,
    values: z.array(element),
    failed: txn,
    committed: txn,
  }),
  z.object({
    type: z.literal('duplicate-elements'),
    ...base,
    txn,
    key,
    read: list,
    duplicates: z.array(z.object({ element, count: z.number() })),
  }),
  z.object({
    type: z.literal('incompatible-order'),
    ...base,
    key,
    values: z.tuple([list, list]),
    readers: z.tuple([txn, txn]),
  }),
  z.object({ type: z.literal('lost-update'), ...base, key, read: list, txns: z.array(txn) }),
  z.object({ type: z.literal('empty-transaction-graph'), ...base }),
  z.object({
    type: z.literal('cycle-search-timeout'),
    ...base,
    sccSize: z.number(),
    searching: cycleType,
  }),
]);

const counts = z.partialRecord(anomalyType, z.number());

export const appendResultSchema = z.object({
  ...checkResultFields,
  consistencyModel: z.enum(CONSISTENCY_MODELS),
  anomalyTypes: z.array(anomalyType),
  anomalies: z.partialRecord(anomalyType, z.array(anomaly)),
  counts,
  leftOut: counts,
  allowed: counts,
  impossibleModels: z.array(z.enum(CONSISTENCY_MODELS)),
  explanations: z.array(z.string()),
  unobservedAppends: z.object({
    lost: z.number(),
    unknown: z.number(),
    unread: z.number(),
    examples: z.array(z.object({ key, element, writer: txn, laterReader: txn })),
  }),
  stats: z.object({
    ops: z.number(),
    txns: z.object({ ok: z.number(), info: z.number(), fail: z.number() }),
    ignoredOps: z.number(),
    keys: z.number(),
    edges: z.number(),
    sccs: z.number(),
    largestScc: z.number(),
  }),
  elapsedMs: z.number(),
});

assertSameType<SameType<z.infer<typeof appendResultSchema>, ListAppendResult>>(true);
