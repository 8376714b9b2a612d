import assert from 'node:assert/strict';
import { defineModel } from '../../../src/checker/linearizability/model.js';

import { modelByName } from '../../../src/checker/linearizability/models/index.js';

/** A model's function by name, compared by identity only (never called). */
const fn = (m: object, f: string): unknown => (m as Record<string, unknown>)[f];

/**
 * A model is made for each check; the functions the search calls for every step must be the
 * same ones each time (not made with the model), or its call sites see a new function every
 * check and go megamorphic.
 */
describe('linearizability: models share their hot functions across checks', () => {
  for (const name of ['etcd', 'cas-register', 'kv', 'kv-single']) {
    it(`${name}: step, equal, hash and partition are the same functions in two models`, () => {
      const a = modelByName(name);
      const b = modelByName(name);
      assert.notEqual(a, b);
      for (const f of ['step', 'equal', 'hash', 'partition'] as const)
        assert.equal(fn(a, f), fn(b, f), f);
    });
  }

  it('defineModel fills in the same default functions for every model', () => {
    const spec = { name: 'x', init: () => 0, step: (s: number) => s, input: () => 1 };
    const a = defineModel<number, number>(spec);
    const b = defineModel<number, number>({ ...spec, name: 'y' });
    for (const f of ['equal', 'hash', 'partition', 'describe', 'describeOp'] as const)
      assert.equal(fn(a, f), fn(b, f), f);
    // and they still do what the defaults say
    assert.equal(a.equal(3, 3), true);
    assert.equal(a.equal(3, 4), false);
    assert.equal(a.partition({} as never), '');
    assert.equal(a.describe(5), '5');
  });
});
