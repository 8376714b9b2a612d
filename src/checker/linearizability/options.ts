/** Options of `checkLinearizability`, resolved once with all defaults. */
import { createRequire } from 'node:module';
import { totalmem } from 'node:os';
import { RedcheckError } from '../../errors.js';
import type { Model } from './model.js';
import { modelByName } from './models/index.js';
import type { RegisterValue } from './models/register.js';

export interface LinearizabilityOptions {
  /** A model name (see MODEL_NAMES, Porcupine's names are aliases) or a model record. */
  readonly model: string | Model;
  /**
   * The register's initial value for every key (models `cas-register`, `etcd`), as Knossos's
   * `(cas-register 0)`. Default nil. Only with a model given by name.
   */
  readonly init?: RegisterValue;
  /** Initial values per key, over `init`. Only with a model given by name. */
  readonly initByKey?: Readonly<Record<string, RegisterValue>>;
  /** Wall-time budget; past it the verdict is `unknown`. Default: none. */
  readonly timeLimitMs?: number;
  /** Budget for the search caches (estimate); past it `unknown`. Default: min(1.5 GiB, RAM / 2, V8 heap limit / 2). */
  readonly memoryLimitBytes?: number;
  /** Include evidence (longest prefixes, stuck ops, state) for illegal partitions. Default false. */
  readonly verbose?: boolean;
  /** Search iterations per partition before switching to the next. Default 20,000. */
  readonly sliceIterations?: number;
  /**
   * Decide register partitions whose written values are unique by the reads-from relation,
   * without search (see `uniqueValues.ts`). Default true; false forces the general search.
   */
  readonly uniqueValues?: boolean;
}

export interface ResolvedLinearizabilityOptions {
  readonly model: Model;
  readonly timeLimitMs: number;
  /** The option; undefined for the default, which `memoryLimitAt` asks for when needed. */
  readonly memoryLimitBytes: number | undefined;
  readonly verbose: boolean;
  readonly sliceIterations: number;
  readonly uniqueValues: boolean;
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

/**
 * Caches smaller than this are under the default limit on any heap of 32 MiB or more, so the
 * V8 heap is not asked.
 */
const DEFAULT_LIMIT_FLOOR = 16 * 2 ** 20;

let defaultLimit: number | undefined;
/** Half the V8 heap (cached states live there), half the RAM, at most 1.5 GiB. */
function defaultMemoryLimit(): number {
  // asked once, and only of a check whose caches pass the floor: node:v8 takes ~3 ms to load
  // and its first heap statistics ~0.2 ms, as much as a small check's whole time on a cold JIT
  if (defaultLimit === undefined) {
    const v8 = createRequire(import.meta.url)('node:v8') as typeof import('node:v8');
    defaultLimit = Math.min(
      1.5 * 2 ** 30,
      totalmem() / 2,
      v8.getHeapStatistics().heap_size_limit / 2,
    );
  }
  return defaultLimit;
}

/**
 * The memory budget of a check whose search caches hold `held` bytes: the option, or the
 * default (Infinity below DEFAULT_LIMIT_FLOOR, where no default limit can be reached).
 */
export function memoryLimitAt(o: ResolvedLinearizabilityOptions, held: number): number {
  if (o.memoryLimitBytes !== undefined) return o.memoryLimitBytes;
  return held > DEFAULT_LIMIT_FLOOR ? defaultMemoryLimit() : Infinity;
}

export function resolveLinearizabilityOptions(
  o: LinearizabilityOptions,
): ResolvedLinearizabilityOptions {
  const init = {
    ...(o.init !== undefined ? { init: o.init } : {}),
    ...(o.initByKey !== undefined ? { initByKey: o.initByKey } : {}),
  };
  if (typeof o.model !== 'string' && (o.init !== undefined || o.initByKey !== undefined)) {
    throw new RedcheckError(
      'E_OPTION_INVALID',
      `checkLinearizability: init and initByKey need a model given by name, got model record ${o.model.name}`,
      'Give the model by name, or build the initial value into its init().',
    );
  }
  return {
    model: typeof o.model === 'string' ? modelByName(o.model, init) : o.model,
    timeLimitMs: positive('timeLimitMs', o.timeLimitMs, Infinity),
    memoryLimitBytes:
      o.memoryLimitBytes === undefined
        ? undefined
        : positive('memoryLimitBytes', o.memoryLimitBytes, Infinity),
    verbose: o.verbose ?? false,
    sliceIterations: Math.floor(positive('sliceIterations', o.sliceIterations, 20_000)),
    uniqueValues: o.uniqueValues ?? true,
  };
}
