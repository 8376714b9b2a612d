/** The q-quantile (0..1) of values sorted ascending, nearest-rank; null when empty. */
export function quantileSorted(sorted: ArrayLike<number>, q: number): number | null {
  if (sorted.length === 0) return null;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[rank] ?? null;
}

const STEPS = [0.1, 0.2, 0.5, 1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 1800, 3600];

/** A round bucket width (seconds) giving about `target` buckets over `durationS`. */
export function bucketWidth(durationS: number, target: number): number {
  const raw = durationS / Math.max(1, target);
  return STEPS.find((s) => s >= raw) ?? Math.ceil(raw / 3600) * 3600;
}

/** Round to `digits` significant digits, for compact JSON. */
export function roundSig(v: number, digits = 4): number {
  if (v === 0 || !Number.isFinite(v)) return v;
  return Number(v.toPrecision(digits));
}

/** Round to `decimals` decimals, for compact JSON. */
export function roundTo(v: number, decimals: number): number {
  const m = 10 ** decimals;
  return Math.round(v * m) / m;
}
