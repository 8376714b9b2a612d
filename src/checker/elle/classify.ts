/** Naming a cycle by the labels of its edges, as Elle's cycle explainer does. */
import type { CycleAnomalyType, CycleBase, CycleVariant } from './anomalies.js';
import type { EdgeLabel } from './graph.js';

export { splitCycleType } from './anomalies.js';

/**
 * The anomaly a cycle shows: one rw edge is G-single; several are G2-item when two of them
 * are adjacent (going round), G-nonadjacent otherwise; no rw but a wr is G1c; ww only is G0.
 * Any real-time edge adds `-realtime`, else any process edge adds `-process`.
 */
export function classifyCycle(labels: readonly EdgeLabel[]): CycleAnomalyType {
  let rw = 0;
  let wr = 0;
  let adjacent = false;
  labels.forEach((l, i) => {
    if (l === 'rw') {
      rw++;
      if (labels[(i + labels.length - 1) % labels.length] === 'rw' && labels.length > 1) {
        adjacent = true;
      }
    }
    if (l === 'wr') wr++;
  });
  const base: CycleBase =
    rw === 1
      ? 'G-single'
      : rw > 1
        ? adjacent
          ? 'G2-item'
          : 'G-nonadjacent'
        : wr > 0
          ? 'G1c'
          : 'G0';
  const variant: CycleVariant = labels.includes('realtime')
    ? '-realtime'
    : labels.includes('process')
      ? '-process'
      : '';
  return `${base}${variant}`;
}
