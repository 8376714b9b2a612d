import { RedcheckError } from '../../../errors.js';
import type { CompletedOp } from '../model.js';

/** The error for an op a model cannot interpret: names the model, the op and what it accepts. */
export function invalidOp(model: string, op: CompletedOp, expected: string): RedcheckError {
  return new RedcheckError(
    'E_HISTORY_INVALID',
    `model ${model} cannot check op at history index ${op.invokeIndex} (process ${String(op.process)}, f ${JSON.stringify(op.f)}, value ${JSON.stringify(op.input) ?? 'undefined'}): expected ${expected}`,
    'Pick the model that matches the history with --model, or fix the op.',
  );
}
