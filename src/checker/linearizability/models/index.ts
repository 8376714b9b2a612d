/** The registry of models by name; each call creates a fresh instance (models keep memo tables). */
import { RedcheckError } from '../../../errors.js';
import type { Model } from '../model.js';
import { kvModel, kvSingleModel } from './kv.js';
import { casRegisterModel, etcdModel } from './register.js';

const FACTORIES = {
  'cas-register': casRegisterModel,
  kv: kvModel,
  'kv-single': kvSingleModel,
  etcd: etcdModel,
} as const satisfies Record<string, () => Model>;

/** Names accepted by `--model` and `checkLinearizability({model})`. */
export type ModelName = keyof typeof FACTORIES;
export const MODEL_NAMES: readonly ModelName[] = Object.keys(FACTORIES) as ModelName[];

/** Aliases: Porcupine's test model names. */
const ALIASES: Readonly<Record<string, ModelName>> = {
  etcdModel: 'etcd',
  kvModel: 'kv',
  kvNoPartitionModel: 'kv-single',
};

/** A fresh model for a name (or alias); RedcheckError `E_UNKNOWN_MODEL` listing the known ones. */
export function modelByName(name: string): Model {
  const resolved = (name in FACTORIES ? name : ALIASES[name]) as ModelName | undefined;
  if (resolved === undefined) {
    throw new RedcheckError(
      'E_UNKNOWN_MODEL',
      `unknown model ${JSON.stringify(name)}; known models: ${MODEL_NAMES.join(', ')}`,
      `Use one of: ${MODEL_NAMES.join(', ')}.`,
    );
  }
  return FACTORIES[resolved]();
}
