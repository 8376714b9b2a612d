import { LOSS_CAUSES_SHOWN, LOSS_CAUSE_LABEL } from '../src/checker/lossCauses/index.js';
import type { RunResults } from '../src/store/index.js';

/**
 * A run's loss causes in one line, unexplained first: `causes: unexplained 40, failover 1,160
 * (96.67% explained)`; undefined when the run has no causes or lost nothing.
 */
export function causesText(results: Pick<RunResults, 'causes'>): string | undefined {
  const c = results.causes;
  if (c === undefined || c.lost === 0) return undefined;
  const parts = LOSS_CAUSES_SHOWN.filter((k) => c.counts[k] > 0).map(
    (k) => `${LOSS_CAUSE_LABEL[k]} ${c.counts[k].toLocaleString('en-US')}`,
  );
  return `causes: ${parts.join(', ')} (${c.explainedPercent}% explained)`;
}

/** The largest cause by count and its share of the lost writes, e.g. `failover 100%`. */
export function largestCauseText(results: Pick<RunResults, 'causes'>): string | undefined {
  const c = results.causes;
  if (c === undefined || c.lost === 0) return undefined;
  const top = [...LOSS_CAUSES_SHOWN].sort((a, b) => c.counts[b] - c.counts[a])[0];
  if (top === undefined) return undefined;
  const share = Math.round((1000 * c.counts[top]) / c.lost) / 10;
  return `${LOSS_CAUSE_LABEL[top]} ${share}%`;
}
