/**
 * The arithmetic of the replication observer, over samples it took: how far behind the
 * primary each replica was (ms), and how long each replica took to catch up after a fault
 * ended. Pure functions, so they are tested without Redis.
 */

/** One poll of every node: the primary's offset and each replica's own processed offset. */
export interface ReplicationSample {
  /** ns since the run started. */
  time: number;
  /** `master_repl_offset` of the node that was primary at that poll. */
  primaryOffset: number;
  /** Replica name -> `slave_repl_offset`, and whether its link to the primary was up. */
  replicas: Record<string, { offset: number; linkUp: boolean }>;
}

export interface CatchUp {
  replica: string;
  /** ns since the run started at which the fault ended. */
  faultEnd: number;
  /** ms from the fault's end until the replica's link was up with everything the primary had then; null: not within the run. */
  ms: number | null;
}

export interface LagDistribution {
  /** Replica samples the distribution is made of. */
  samples: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  /** Samples with a lag at most `le` ms (and above the bucket before); the last bucket is everything above. */
  histogram: { le: number; count: number }[];
}

const BUCKETS = [0, 1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, Infinity];

/**
 * The time at which the primary's offset reached `offset`, interpolated between the samples
 * (offsets only grow while one node stays primary). Undefined before the first sample's offset.
 */
function timeAtOffset(series: readonly ReplicationSample[], offset: number): number | undefined {
  let lo = 0;
  let hi = series.length - 1;
  const first = series[0];
  if (!first || offset < first.primaryOffset) return undefined;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if ((series[mid]?.primaryOffset ?? Infinity) <= offset) lo = mid;
    else hi = mid - 1;
  }
  const a = series[lo];
  const b = series[lo + 1];
  if (!a) return undefined;
  if (!b || b.primaryOffset === a.primaryOffset) return a.time;
  return (
    a.time + ((offset - a.primaryOffset) / (b.primaryOffset - a.primaryOffset)) * (b.time - a.time)
  );
}

/**
 * Lag of each replica at each sample, in ms: how long ago the primary's offset was what the
 * replica has processed now (0 when the replica has everything). Samples whose replica link
 * is down are left out (the catch-up times cover those).
 */
export function replicaLagsMs(series: readonly ReplicationSample[]): number[] {
  const lags: number[] = [];
  series.forEach((s, i) => {
    for (const r of Object.values(s.replicas)) {
      if (!r.linkUp) continue;
      if (r.offset >= s.primaryOffset) {
        lags.push(0);
        continue;
      }
      const at = timeAtOffset(series.slice(0, i + 1), r.offset);
      if (at !== undefined) lags.push(Math.max(0, (s.time - at) / 1e6));
    }
  });
  return lags;
}

function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
}

export function lagDistribution(lagsMs: readonly number[]): LagDistribution {
  const sorted = [...lagsMs].sort((a, b) => a - b);
  const round = (n: number): number => Math.round(n * 10) / 10;
  const histogram = BUCKETS.map((le, i) => ({
    le: Number.isFinite(le) ? le : -1,
    count: sorted.filter((v) => v <= le && (i === 0 || v > (BUCKETS[i - 1] ?? 0))).length,
  }));
  return {
    samples: sorted.length,
    p50: round(quantile(sorted, 0.5)),
    p90: round(quantile(sorted, 0.9)),
    p99: round(quantile(sorted, 0.99)),
    max: round(sorted[sorted.length - 1] ?? 0),
    histogram,
  };
}

/**
 * For each fault end and each replica: the first sample at or after it in which the replica's
 * link is up and its offset at least the primary's offset at the fault's end.
 */
export function catchUps(
  series: readonly ReplicationSample[],
  faultEnds: readonly number[],
): CatchUp[] {
  const out: CatchUp[] = [];
  for (const end of faultEnds) {
    const at = series.findIndex((s) => s.time >= end);
    const target = series[Math.max(0, at)]?.primaryOffset;
    const names = new Set(series.flatMap((s) => Object.keys(s.replicas)));
    for (const replica of [...names].sort()) {
      const found =
        at < 0 || target === undefined
          ? undefined
          : series.slice(at).find((s) => {
              const r = s.replicas[replica];
              return r !== undefined && r.linkUp && r.offset >= target;
            });
      out.push({
        replica,
        faultEnd: end,
        ms: found === undefined ? null : Math.round((found.time - end) / 1e5) / 10,
      });
    }
  }
  return out;
}
