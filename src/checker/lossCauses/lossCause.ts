/**
 * The mechanisms by which Redis loses an acknowledged write, in the order a write that fits
 * several is given one: the more specific mechanism wins. `unexplained` is what fits none.
 */
export const LOSS_CAUSES = [
  'power-loss',
  'wiped',
  'older-snapshot',
  'cluster-minority',
  'failover',
  'unexplained',
] as const;

export type LossCause = (typeof LOSS_CAUSES)[number];

/** The causes in the order a report lists them: unexplained first (the finding), then by precedence. */
export const LOSS_CAUSES_SHOWN: readonly LossCause[] = [
  'unexplained',
  ...LOSS_CAUSES.filter((c) => c !== 'unexplained'),
];

/** What each cause means, in one line (the glossary, the report's legend, `--help`). */
export const LOSS_CAUSE_TEXT: Readonly<Record<LossCause, string>> = {
  'power-loss':
    'acknowledged before a power loss dropped the bytes the node had not fsynced (the un-fsynced tail)',
  wiped:
    'acknowledged before its primary restarted empty; the replicas resynced from it and were wiped',
  'older-snapshot':
    'acknowledged after the last RDB save before the node was killed; it restarted from that older snapshot',
  'cluster-minority':
    'acknowledged by a shard primary cut off from the cluster majority, before it stopped taking writes',
  failover:
    'acknowledged by a primary that was later replaced; it rejoined as a replica of the new primary and resynced',
  unexplained: 'fits no mechanism redcheck knows: the most interesting finding a run can make',
};

/** The short name a report shows for each cause. */
export const LOSS_CAUSE_LABEL: Readonly<Record<LossCause, string>> = {
  'power-loss': 'power loss',
  wiped: 'wiped by an empty primary',
  'older-snapshot': 'restart from an older snapshot',
  'cluster-minority': 'cluster minority',
  failover: 'failover',
  unexplained: 'unexplained',
};

/** `causes.failover`, `causes.olderSnapshot`: the suite's name of each cause's count. */
export function causeMeasureName(cause: LossCause): string {
  return `causes.${cause.replace(/-(\w)/g, (_, c: string) => c.toUpperCase())}`;
}
