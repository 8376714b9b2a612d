import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  ILLEGAL,
  modelByName,
  type CompletedOp,
  type Model,
} from '../../../src/checker/linearizability/index.js';
import { KvStateTable } from '../../../src/checker/linearizability/models/kvStateTable.js';

/** A completed kv op as the model takes it. */
function kvOp(f: string, key: string, v: string): CompletedOp {
  return {
    invokeIndex: 0,
    completionIndex: 1,
    process: 0,
    f,
    key,
    status: 'ok',
    input: f === 'get' ? null : v,
    output: v,
  };
}

/** A map's contents in one string, keys in order, empty values left out (they read as ""). */
const contents = (m: ReadonlyMap<string, string>): string =>
  JSON.stringify([...m].filter(([, v]) => v !== '').sort(([a], [b]) => (a < b ? -1 : 1)));

const op = fc.record({
  f: fc.constantFrom('get', 'put', 'append'),
  key: fc.constantFrom('a', 'b', 'c'),
  v: fc.constantFrom('', 'x', 'y', 'xy', 'yx'),
});

describe('linearizability: the kv-single model (interned map states)', () => {
  it('gives two states the same id iff their maps are equal, and steps as a plain Map does', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(op, { maxLength: 12 }), { minLength: 1, maxLength: 8 }),
        (paths) => {
          const model = modelByName('kv-single') as Model<number, unknown>;
          const inputs = paths.map((p) => p.map((o) => model.input(kvOp(o.f, o.key, o.v))));
          const init = model.init('');
          // the map each state id stands for, and the id of each map
          const mapOf = new Map<number, string>([[init, contents(new Map())]]);
          const idOf = new Map<string, number>([[contents(new Map()), init]]);
          paths.forEach((p, i) => {
            let state = init;
            const ref = new Map<string, string>();
            p.forEach((o, k) => {
              const next = model.step(state, (inputs[i] as unknown[])[k]);
              const cur = ref.get(o.key) ?? '';
              if (o.f === 'get') {
                assert.equal(next === ILLEGAL, cur !== o.v, `get ${o.key} -> ${o.v} on ${cur}`);
                return;
              }
              ref.set(o.key, o.f === 'put' ? o.v : cur + o.v);
              assert.notEqual(next, ILLEGAL);
              state = next as number;
              const c = contents(ref);
              assert.equal(idOf.get(c) ?? state, state, `one id for ${c}`);
              assert.equal(mapOf.get(state) ?? c, c, `one map for id ${state}`);
              idOf.set(c, state);
              mapOf.set(state, c);
              assert.equal(model.describe(state), describeRef(ref));
            });
          });
        },
      ),
      { seed: 22, numRuns: 300 },
    );
  });

  it('tells apart values whose hashes and lengths collide (Thue-Morse strings)', () => {
    let t = 'a';
    let u = 'b';
    for (let i = 0; i < 7; i++) [t, u] = [t + u, u + t];
    const model = modelByName('kv-single') as Model<number, unknown>;
    const put = model.input(kvOp('put', 'k', t));
    const getU = model.input(kvOp('get', 'k', u));
    const appendT = model.input(kvOp('append', 'j', t));
    const appendU = model.input(kvOp('append', 'j', u));
    const s = model.step(model.init(''), put) as number;
    assert.equal(model.step(s, getU), ILLEGAL, 'a string with the same hash and length');
    assert.notEqual(model.step(s, appendT), model.step(s, appendU));
  });

  it('state table: one id per vector even when every hash collides', () => {
    // the model gives each state a 32-bit hash; here all non-empty maps have the same, so
    // only the vectors tell the states apart
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat(50), fc.nat(4), fc.nat(3)), { minLength: 1, maxLength: 200 }),
        (steps) => {
          const table = new KvStateTable(2);
          const vectors = new Map<number, string>([[0, '']]);
          const ids = new Map<string, number>([['', 0]]);
          const vectorOf = (s: number): number[] => [0, 1, 2, 3, 4].map((k) => table.value(s, k));
          for (const [from, key, value] of steps) {
            const s = from % table.size;
            const v = vectorOf(s);
            v[key] = value;
            if (table.value(s, key) === value) continue; // `with` changes the value
            const want = v.join(',') === '0,0,0,0,0' ? '' : v.join(',');
            // a hash of the vector as the contract asks, 0 for the empty map, as bad as can be
            const id = table.with(s, key, value, want === '' ? 0 : 7);
            assert.equal(vectorOf(id).join(','), v.join(','));
            assert.equal(ids.get(want) ?? id, id, `one id for ${want}`);
            assert.equal(vectors.get(id) ?? want, want, `one vector for ${id}`);
            ids.set(want, id);
            vectors.set(id, want);
          }
        },
      ),
      { seed: 22, numRuns: 200 },
    );
  });

  it('takes a key first named after its states were made (the vectors widen)', () => {
    const model = modelByName('kv-single') as Model<number, unknown>;
    const putA = model.input(kvOp('put', 'a', 'x'));
    const s0 = model.init('');
    const s1 = model.step(s0, putA) as number;
    // keys b..k are new to the model: each widens every state already made
    let s = s1;
    for (const key of 'bcdefghijk')
      s = model.step(s, model.input(kvOp('append', key, key))) as number;
    assert.equal(model.step(s, model.input(kvOp('get', 'a', 'x'))), s);
    assert.equal(model.step(s, model.input(kvOp('get', 'k', 'k'))), s);
    assert.equal(model.step(s1, model.input(kvOp('get', 'k', ''))), s1);
    assert.equal(model.step(s0, putA), s1);
    assert.equal(
      model.describe(s),
      '{"a": "x", "b": "b", "c": "c", "d": "d", "e": "e", "f": "f", "g": "g", "h": "h", "i": "i", "j": "j", "k": "k"}',
    );
    assert.ok((model.bytes?.() ?? 0) > 0, 'its tables count in the memory budget');
  });
});

function describeRef(ref: ReadonlyMap<string, string>): string {
  const entries = [...ref].filter(([, v]) => v !== '').sort(([a], [b]) => (a < b ? -1 : 1));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}: ${JSON.stringify(v)}`).join(', ')}}`;
}
