import assert from 'node:assert/strict';
import { isRedcheckError } from '../../src/errors.js';
import { resolveScenario, type ScenarioInput } from '../../src/runner/scenario.js';

/** The duration fields that must be above zero, the flag each error names, and its example. */
const POSITIVE: [keyof ScenarioInput, string, string][] = [
  ['timeLimit', 'time-limit', '30s'],
  ['nemesisInterval', 'nemesis-interval', '10s'],
  ['opTimeout', 'op-timeout', '1s'],
  ['checkTimeLimit', 'check-time-limit', '60s'],
];

describe('runner scenario: durations that must be positive', () => {
  for (const [field, flag, example] of POSITIVE) {
    it(`rejects ${flag} 0, naming the flag and an example`, () => {
      assert.throws(
        () => resolveScenario({ seed: 1, [field]: 0 }),
        (e: unknown) =>
          isRedcheckError(e) &&
          e.code === 'E_SCENARIO' &&
          e.message === `${flag} must be positive` &&
          e.fix === `e.g. --${flag} ${example}`,
      );
    });
  }

  it('accepts a positive value of each', () => {
    const s = resolveScenario({
      seed: 1,
      timeLimit: '2s',
      nemesisInterval: 300,
      opTimeout: '250ms',
      checkTimeLimit: '5s',
    });
    assert.deepEqual(
      [s.timeLimitMs, s.nemesisIntervalMs, s.opTimeoutMs, s.checkTimeLimitMs],
      [2000, 300, 250, 5000],
    );
  });
});
