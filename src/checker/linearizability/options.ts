/** Options of `checkLinearizability`, resolved once with all defaults. */
import { totalmem } from 'node:os';
import { getHeapStatistics } from 'node:v8';
import { RedcheckError } from '../../errors.js';
import type { Model } from './model.js';
import { modelByName } from './models/index.js';

export interface LinearizabilityOptions {
  /** A model name (see MODEL_NAMES, Porcupine's names are aliases) or a model record. */
  readonly model: string | Model;
  /** Wall-time budget; past it the verdict is `unknown`. Default: none. */
  readonly timeLimitMs?: number;
  /** Budget for the search caches (estimate); past it `unknown`. Default: min(1.5 GiB, RAM / 2, V8 heap limit / 2). */
  readonly memoryLimitBytes?: number;
  /** Include evidence (longest prefixes, stuck ops, state) for illegal partitions. Default false. */
  readonly verbose?: boolean;
  /** Search iterations per partition before switching to the next. Default 20,000. */
  readonly sliceIterations?: number;
}

export interface ResolvedLinearizabilityOptions {
  readonly model: Model;
  readonly timeLimitMs: number;
  readonly memoryLimitBytes: number;
  readonly verbose: boolean;
  readonly sliceIterations: number;
}

function positive(name: string, v: number | undefined, dflt: number): number {
  if (v === undefined) return dflt;
  if (!(v > 0)) {
    throw new RedcheckError(
      'E_OPTION_INVALID',
      `checkLinearizability: ${name} must be > 0, got ${v}`,
      `Pass a positive ${name}.`,
    );
  }
  return v;
}

/** Half the V8 heap (cached states live there), half the RAM, at most 1.5 GiB. */
function defaultMemoryLimit(): number {
  return Math.min(1.5 * 2 ** 30, totalmem() / 2, getHeapStatistics().heap_size_limit / 2);
}

export function resolveLinearizabilityOptions(
  o: LinearizabilityOptions,
): ResolvedLinearizabilityOptions {
  return {
    model: typeof o.model === 'string' ? modelByName(o.model) : o.model,
    timeLimitMs: positive('timeLimitMs', o.timeLimitMs, Infinity),
    memoryLimitBytes: positive('memoryLimitBytes', o.memoryLimitBytes, defaultMemoryLimit()),
    verbose: o.verbose ?? false,
    sliceIterations: Math.floor(positive('sliceIterations', o.sliceIterations, 20_000)),
  };
}
