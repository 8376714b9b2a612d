import { RedcheckError, errorMessage } from '../../errors.js';
import { FAULT_OPTIONS, optionField } from '../../../nemesis/index.js';
import type { ScenarioInput } from './scenarioInput.js';

/** Every fault option, resolved from the input or its default; throws E_SCENARIO naming it. */
export function resolveFaultOptions(input: ScenarioInput): Record<string, number | string> {
  const out: Record<string, number | string> = {};
  const options = input.faultOptions ?? {};
  for (const o of FAULT_OPTIONS) {
    const field = optionField(o.flag);
    const given = Object.hasOwn(options, field) ? options[field] : undefined;
    try {
      out[field] = o.parse(given ?? o.default);
    } catch (e) {
      throw new RedcheckError(
        'E_SCENARIO',
        `--${o.flag} ${String(given)}: ${errorMessage(e)}`,
        `${o.help} (default ${o.default})`,
      );
    }
  }
  return out;
}
