/**
 * Deprecated names of `src/history/faultInterval.ts`, kept so existing imports compile;
 * import `FaultInterval` and `faultIntervals` from there instead.
 */
import { faultIntervals, type FaultInterval } from '../history/faultInterval.js';

export { activeFaults } from '../history/faultInterval.js';
/** @deprecated use `FaultInterval`. */
export type FaultWindow = FaultInterval;
/** @deprecated use `faultIntervals`. */
export const faultWindows = faultIntervals;
