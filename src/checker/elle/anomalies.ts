/**
 * Anomaly names and which consistency models rule them out, following Elle's published
 * definitions (`elle.consistency-model`): a model prohibits the anomalies it proscribes
 * directly, those of every weaker model it implies, and every anomaly that implies one of
 * those (G0 implies G1c, an incompatible order implies G1a, G-single implies G-nonadjacent...).
 * The sets below are that closure, worked out for the six models redcheck offers and the
 * anomalies the list-append checker can find.
 */

/** The data-dependency shapes of a cycle, mildest last. */
export const CYCLE_BASES = ['G0', 'G1c', 'G-single', 'G2-item', 'G-nonadjacent'] as const;
export type CycleBase = (typeof CYCLE_BASES)[number];
/** A cycle's extra edges: none, process order, or real-time order. */
export type CycleVariant = '' | '-process' | '-realtime';
export type CycleAnomalyType = `${CycleBase}${CycleVariant}`;

/** Split `G-single-realtime` into `G-single` and `-realtime`. */
export function splitCycleType(t: CycleAnomalyType): [CycleBase, CycleVariant] {
  for (const v of ['-process', '-realtime'] as const) {
    if (t.endsWith(v)) return [t.slice(0, -v.length) as CycleBase, v];
  }
  return [t as CycleBase, ''];
}

/** Anomalies found without a cycle. */
export const NON_CYCLE_TYPES = [
  'G1a',
  'G1b',
  'dirty-update',
  'internal',
  'future-read',
  'duplicate-elements',
  'incompatible-order',
  'lost-update',
] as const;
export type NonCycleAnomalyType = (typeof NON_CYCLE_TYPES)[number];

/** Findings that make a verdict `unknown` rather than `false` (Elle's unknown anomaly types). */
export const UNKNOWN_TYPES = ['empty-transaction-graph', 'cycle-search-timeout'] as const;
export type UnknownAnomalyType = (typeof UNKNOWN_TYPES)[number];

export type AnomalyType = CycleAnomalyType | NonCycleAnomalyType | UnknownAnomalyType;

/** Cycle types in the order the search tries them in each strongly connected component. */
export const CYCLE_TYPES: readonly CycleAnomalyType[] = (
  ['', '-process', '-realtime'] as const
).flatMap((variant) => CYCLE_BASES.map((base): CycleAnomalyType => `${base}${variant}`));

export const CONSISTENCY_MODELS = [
  'strict-serializable',
  'serializable',
  'snapshot-isolation',
  'repeatable-read',
  'read-committed',
  'read-uncommitted',
] as const;
export type ConsistencyModel = (typeof CONSISTENCY_MODELS)[number];

const READ_UNCOMMITTED: readonly AnomalyType[] = ['G0', 'duplicate-elements'];
const READ_COMMITTED: readonly AnomalyType[] = [
  ...READ_UNCOMMITTED,
  'G1a',
  'G1b',
  'G1c',
  'incompatible-order',
  'dirty-update',
  'future-read',
];
const SERIALIZABLE: readonly AnomalyType[] = [
  ...READ_COMMITTED,
  'internal',
  'lost-update',
  'G-single',
  'G-nonadjacent',
  'G2-item',
];

/** Anomalies each model prohibits (their presence makes the history invalid). */
const PROHIBITED: Readonly<Record<ConsistencyModel, ReadonlySet<AnomalyType>>> = {
  'read-uncommitted': new Set(READ_UNCOMMITTED),
  'read-committed': new Set(READ_COMMITTED),
  // Elle: repeatable read proscribes G1, G2-item and lost update, not G-single nor internal.
  'repeatable-read': new Set([...READ_COMMITTED, 'G2-item', 'lost-update']),
  // Elle: snapshot isolation proscribes G-single and G-nonadjacent, but allows G2-item.
  'snapshot-isolation': new Set([
    ...READ_COMMITTED,
    'internal',
    'lost-update',
    'G-single',
    'G-nonadjacent',
  ]),
  serializable: new Set(SERIALIZABLE),
  'strict-serializable': new Set([
    ...SERIALIZABLE,
    ...CYCLE_TYPES.filter((t) => t.endsWith('-process') || t.endsWith('-realtime')),
  ]),
};

/** Whether `model` rules out `type`. */
export function isProhibited(model: ConsistencyModel, type: AnomalyType): boolean {
  return PROHIBITED[model].has(type);
}

/** Whether anomalies of `type` are reported under `model` (prohibited, or making it unknown). */
export function isReportable(model: ConsistencyModel, type: AnomalyType): boolean {
  return isProhibited(model, type) || (UNKNOWN_TYPES as readonly string[]).includes(type);
}

/** The models (of the six) that a set of found anomaly types rules out. */
export function impossibleModels(found: Iterable<AnomalyType>): ConsistencyModel[] {
  const types = [...found];
  return CONSISTENCY_MODELS.filter((m) => types.some((t) => isProhibited(m, t)));
}

/** Which extra orders the graph needs for a model: real-time order subsumes process order. */
export function extraOrders(model: ConsistencyModel): { realtime: boolean; process: boolean } {
  const wanted = [...PROHIBITED[model]];
  const realtime = wanted.some((t) => t.endsWith('-realtime'));
  const process = !realtime && wanted.some((t) => t.endsWith('-process'));
  return { realtime, process };
}

const VARIANT_RANK: Readonly<Record<CycleVariant, number>> = {
  '': 0,
  '-process': 1,
  '-realtime': 2,
};

/**
 * Whether finding a cycle of type `found` already implies one of type `other` (so the search
 * for `other` in the same component can be skipped), per Elle's implication graph: each type
 * implies its process and real-time forms, G0 implies G1c, G-single implies G-nonadjacent.
 */
export function cycleImplies(found: CycleAnomalyType, other: CycleAnomalyType): boolean {
  const [fb, fv] = splitCycleType(found);
  const [ob, ov] = splitCycleType(other);
  if (VARIANT_RANK[ov] < VARIANT_RANK[fv]) return false;
  return (
    fb === ob || (fb === 'G0' && ob === 'G1c') || (fb === 'G-single' && ob === 'G-nonadjacent')
  );
}

/** Resolve a `--consistency-model` name, or undefined when it is not one of the six. */
export function consistencyModelNamed(name: string): ConsistencyModel | undefined {
  return (CONSISTENCY_MODELS as readonly string[]).includes(name)
    ? (name as ConsistencyModel)
    : undefined;
}
