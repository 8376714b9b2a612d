import { RedcheckError } from '../errors.js';
import {
  ExpectationSyntaxError,
  parseExpectation,
  type Expectation,
} from '../suite/expectation.js';
import { isKnownMeasure, knownMeasures } from '../suite/measured.js';

/**
 * The property a trial must keep (`set.lost == 0`), in the suite's expectation language.
 * Throws RedcheckError (exit 2) saying what was expected, and which names exist.
 */
export function parseProperty(text: string | undefined): Expectation {
  if (text === undefined || text.trim() === '') {
    throw new RedcheckError(
      'E_USAGE',
      'explore needs --property',
      'e.g. --property "set.lost == 0" (see docs/explore.md for the names)',
    );
  }
  try {
    return parseExpectation(text, isKnownMeasure);
  } catch (e) {
    if (!(e instanceof ExpectationSyntaxError)) throw e;
    throw new RedcheckError(
      'E_USAGE',
      `--property "${text}": ${e.message}`,
      `expected name op value (op one of == != < <= > >=), joined by "and"; names: ${knownMeasures().join(', ')}`,
    );
  }
}
