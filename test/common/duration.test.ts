import assert from 'node:assert/strict';
import { formatDuration, parseDuration } from '../../src/common/duration.js';
import { isRedcheckError } from '../../src/errors.js';

describe('common/duration', () => {
  it('parses units, compounds and bare seconds', () => {
    const cases: [string, number][] = [
      ['500ms', 500],
      ['30s', 30_000],
      ['2m', 120_000],
      ['1h', 3_600_000],
      ['1m30s', 90_000],
      ['1.5s', 1500],
      ['10', 10_000],
      [' 5s ', 5000],
    ];
    for (const [text, ms] of cases) assert.equal(parseDuration(text), ms, text);
  });

  it('rejects what is not a positive duration, naming the option', () => {
    for (const text of ['', 's', '0s', '-1s', '3x', '1m 30s', 'ten', '5 s', '1e3s']) {
      assert.throws(
        () => parseDuration(text, '--time-limit'),
        (e: unknown) =>
          isRedcheckError(e) && e.code === 'E_DURATION' && e.message.startsWith('--time-limit:'),
        text,
      );
    }
  });

  it('formats for people', () => {
    assert.equal(formatDuration(850.4), '850 ms');
    assert.equal(formatDuration(3210), '3.2 s');
    assert.equal(formatDuration(125_000), '2 m 5 s');
  });
});
