/** The registry of models by name; each call creates a fresh instance (models keep memo tables). */
import { RedcheckError } from '../../../errors.js';
import type { Model } from '../model.js';
import { kvModel } from './kv.js';
import { kvSingleModel } from './kvSingle.js';
import { casRegisterModel, etcdModel, type RegisterInit } from './register.js';

/** Options of a model created by name: only models with an initial value accept `init`. */
export type ModelOptions = RegisterInit;

interface Entry {
  create(o: ModelOptions): Model;
  /** Whether the model takes an initial value (`init`, `initByKey`). */
  readonly initial: boolean;
}

const FACTORIES = {
  'cas-register': { create: casRegisterModel, initial: true },
  kv: { create: kvModel, initial: false },
  'kv-single': { create: kvSingleModel, initial: false },
  etcd: { create: etcdModel, initial: true },
} as const satisfies Record<string, Entry>;

/** Names accepted by `--model` and `checkLinearizability({model})`. */
export type ModelName = keyof typeof FACTORIES;
export const MODEL_NAMES: readonly ModelName[] = Object.keys(FACTORIES) as ModelName[];

/** Models that take an initial value (`--init`). */
export const MODELS_WITH_INIT: readonly ModelName[] = MODEL_NAMES.filter(
  (n) => FACTORIES[n].initial,
);

/** Aliases: Porcupine's test model names. */
const ALIASES: Readonly<Record<string, ModelName>> = {
  etcdModel: 'etcd',
  kvModel: 'kv',
  kvNoPartitionModel: 'kv-single',
};

/**
 * A fresh model for a name (or alias); RedcheckError `E_UNKNOWN_MODEL` listing the known ones,
 * `E_OPTION_INVALID` for an initial value given to a model without one or that it cannot hold.
 */
export function modelByName(name: string, o: ModelOptions = {}): Model {
  // Own names only: `__proto__`, `constructor` or `toString` are unknown, not Object's.
  const resolved = (
    Object.hasOwn(FACTORIES, name) ? name : Object.hasOwn(ALIASES, name) ? ALIASES[name] : undefined
  ) as ModelName | undefined;
  if (resolved === undefined) {
    throw new RedcheckError(
      'E_UNKNOWN_MODEL',
      `unknown model ${JSON.stringify(name)}; known models: ${MODEL_NAMES.join(', ')}`,
      `Use one of: ${MODEL_NAMES.join(', ')}.`,
    );
  }
  const entry: Entry = FACTORIES[resolved];
  if (!entry.initial && (o.init !== undefined || o.initByKey !== undefined)) {
    throw new RedcheckError(
      'E_OPTION_INVALID',
      `model ${resolved} has no initial value to set (an initial value is for ${MODELS_WITH_INIT.join(', ')})`,
      `Drop --init, or use a model with an initial value: ${MODELS_WITH_INIT.join(', ')}.`,
    );
  }
  return entry.create(o);
}
