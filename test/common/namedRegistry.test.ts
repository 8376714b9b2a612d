import assert from 'node:assert/strict';
import { describe, it } from 'mocha';
import { namedRegistry } from '../../src/common/namedRegistry.js';
import { isRedcheckError } from '../../src/errors.js';

describe('namedRegistry (fault kinds, workloads)', () => {
  const items = [
    { name: 'set', n: 1 },
    { name: 'register', n: 2 },
  ];
  const registry = namedRegistry(items, 'E_UNKNOWN_WORKLOAD', (name) => `unknown "${name}"`, '!');

  it('lists the names in order and finds each item by its name', () => {
    assert.deepEqual(registry.names, ['set', 'register']);
    for (const item of items) {
      assert.equal(registry.find(item.name), item);
      assert.equal(registry.get(item.name), item);
    }
  });

  it('finds nothing for an unknown name, not even an Object.prototype key', () => {
    for (const name of ['nope', 'constructor', '__proto__', 'toString']) {
      assert.equal(registry.find(name), undefined, name);
    }
  });

  it('get throws the code given, the message, and the valid names with the hint', () => {
    assert.throws(
      () => registry.get('constructor'),
      (e: unknown) => {
        assert.ok(isRedcheckError(e));
        assert.equal(e.code, 'E_UNKNOWN_WORKLOAD');
        assert.equal(e.message, 'unknown "constructor"');
        assert.equal(e.fix, 'use one of: set, register!');
        return true;
      },
    );
  });
});
