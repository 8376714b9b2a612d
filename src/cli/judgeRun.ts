import type { RunJudge } from '../../reports/index.js';
import { evaluateExpectation, isKnownMeasure, measure, parseExpectation } from '../suite/index.js';
import { errorMessage } from '../errors.js';

/**
 * Judge a stored run against the claim and expectations its `scenario.json` kept (a run from a
 * scenario file with `claim`/`expect`): each expectation `true`, `false`, `unknown`,
 * `not-measured`, or why it could not be read. Undefined when the scenario has neither.
 */
export const judgeRun: RunJudge = (scenario, results) => {
  const c = scenario['claim'];
  const claim =
    c !== null &&
    typeof c === 'object' &&
    typeof (c as Record<string, unknown>)['id'] === 'string' &&
    typeof (c as Record<string, unknown>)['text'] === 'string'
      ? {
          id: String((c as Record<string, unknown>)['id']),
          text: String((c as Record<string, unknown>)['text']),
        }
      : undefined;
  const e = scenario['expect'];
  const texts = Array.isArray(e) ? e.filter((t): t is string => typeof t === 'string') : [];
  if (claim === undefined && texts.length === 0) return undefined;
  const values = measure(results);
  const expectations = texts.map((text) => {
    try {
      return {
        text,
        holds: String(evaluateExpectation(parseExpectation(text, isKnownMeasure), values).holds),
      };
    } catch (err) {
      return { text, holds: `unreadable: ${errorMessage(err)}` };
    }
  });
  return { ...(claim === undefined ? {} : { claim }), expectations };
};
