import assert from 'node:assert/strict';
import { resolveWaitaofModeOptions } from '../../src/client/modes/waitaofMode.js';
import { resolveWaitModeOptions } from '../../src/client/modes/waitMode.js';
import { isRedcheckError } from '../../src/errors.js';

function refused(fn: () => unknown, code: string, message: RegExp): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(isRedcheckError(e), String(e));
    assert.equal(e.code, code);
    assert.match(e.message, message);
    return true;
  });
}

describe('wait and waitaof options (one check of a replica count and of the timeout)', () => {
  it('fills the defaults', () => {
    assert.deepEqual(resolveWaitModeOptions(), { waitReplicas: 1, waitTimeoutMs: 1000 });
    assert.deepEqual(resolveWaitaofModeOptions(), {
      waitaofLocal: 1,
      waitaofReplicas: 0,
      waitTimeoutMs: 1000,
    });
  });

  it('refuses a replica count that is not a whole number >= 0, naming the flag', () => {
    refused(
      () => resolveWaitModeOptions({ waitReplicas: -1 }),
      'E_WAIT_REPLICAS',
      /^--wait-replicas must be a whole number >= 0, got -1$/,
    );
    refused(
      () => resolveWaitaofModeOptions({ waitaofReplicas: 1.5 }),
      'E_WAIT_REPLICAS',
      /^--waitaof-replicas must be a whole number >= 0, got 1.5$/,
    );
  });

  it('refuses a timeout of 0 (it would block forever), saying which command', () => {
    for (const [resolve, command] of [
      [() => resolveWaitModeOptions({ waitTimeoutMs: 0 }), 'WAIT'],
      [() => resolveWaitaofModeOptions({ waitTimeoutMs: 0 }), 'WAITAOF'],
    ] as const) {
      assert.throws(resolve, (e: unknown) => {
        assert.ok(isRedcheckError(e));
        assert.equal(e.code, 'E_WAIT_TIMEOUT');
        assert.match(e.message, /--wait-timeout must be a whole number of ms > 0, got 0/);
        assert.match(e.fix ?? '', new RegExp(`\\(${command} with 0 would block forever\\)`));
        return true;
      });
    }
  });
});
