import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { isRedcheckError } from '../../src/errors.js';
import { parseJepsenEdn, toJepsenEdn } from '../../src/history/jepsen.js';
import type { Op } from '../../src/history/op.js';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'jepsen', 'cas-register');

function malformed(text: string, pattern: RegExp): void {
  assert.throws(
    () => parseJepsenEdn(text, 'h.edn'),
    (e: unknown) =>
      isRedcheckError(e) && e.code === 'E_HISTORY_MALFORMED' && pattern.test(e.message),
  );
}

describe('history/jepsen importer', () => {
  it('reads a vector of op maps in file order, with dense indexes', () => {
    const ops = parseJepsenEdn(
      `[{:process 1, :type :invoke, :f :read, :value nil, :time 50}
        {:process :nemesis, :type :info, :f :start, :value :isolated, :time 10}
        {:process 1, :type :ok, :f :read, :value 3, :time 20, :index 99}]`,
      'h.edn',
    );
    assert.deepEqual(ops, [
      { index: 0, time: 50, process: 1, type: 'invoke', f: 'read', value: null },
      { index: 1, time: 10, process: 'nemesis', type: 'info', f: 'start', value: 'isolated' },
      { index: 2, time: 20, process: 1, type: 'ok', f: 'read', value: 3 },
    ]);
  });

  it('reads one tagged map per line (Jepsen 0.3) and keeps :error and :node', () => {
    const ops = parseJepsenEdn(
      `#jepsen.history.Op{:index 0, :time 1, :type :invoke, :process 0, :f :write, :value 1, :node "n1"}
#jepsen.history.Op{:index 1, :time 2, :type :info, :process 0, :f :write, :value 1, :error [:timeout "x"]}`,
      'h.edn',
    );
    assert.equal(ops.length, 2);
    assert.equal(ops[0]?.node, 'n1');
    assert.equal(ops[1]?.error, '[:timeout "x"]');
  });

  it('splits independent [key value] tuples into key and value', () => {
    const ops = parseJepsenEdn(
      `({:process 0, :type :invoke, :f :cas, :value [3 [1 2]]}
        {:process 1, :type :invoke, :f :read, :value [4 nil]}
        {:process :nemesis, :type :info, :f :start, :value nil}
        {:process 0, :type :ok, :f :cas, :value [3 [1 2]]}
        {:process 1, :type :ok, :f :read, :value [4 2]})`,
      'h.edn',
    );
    assert.deepEqual(
      ops.map((o) => [o.key, o.value]),
      [
        ['3', [1, 2]],
        ['4', null],
        [undefined, null],
        ['3', [1, 2]],
        ['4', 2],
      ],
    );
  });

  it('keeps a plain cas-register history unkeyed', () => {
    const ops = parseJepsenEdn(
      `[{:process 0, :type :invoke, :f :cas, :value [1 2]} {:process 0, :type :ok, :f :cas, :value [1 2]}]`,
      'h.edn',
    );
    assert.deepEqual(ops[0]?.value, [1, 2]);
    assert.equal(ops[0]?.key, undefined);
  });

  it('reads every Knossos fixture', () => {
    for (const verdict of ['good', 'bad']) {
      for (const name of readdirSync(join(FIXTURES, verdict))) {
        const ops = parseJepsenEdn(readFileSync(join(FIXTURES, verdict, name), 'utf8'), name);
        assert.ok(ops.length >= 4, name);
        assert.ok(ops.every((o) => ['read', 'write', 'cas'].includes(o.f)));
      }
    }
  });

  it('names file and line of a bad op', () => {
    malformed(
      '[{:process 0 :type :invoke :f :read}\n {:process 0 :type :done :f :read}]',
      /^h\.edn:2:2: :type: expected one of :invoke/,
    );
    malformed(
      '{:process 0 :type :ok :f :read}\n{:process "x" :type :ok :f :read}',
      /^h\.edn:2:1: :process: expected an integer, :nemesis or :final, found "x"/,
    );
    malformed('[{:process 0 :type :ok :f :read}\n 42]', /^h\.edn:2:2: expected an op map/);
    malformed('[{:process 0 :type :ok}]', /^h\.edn:1:2: :f: expected a keyword/);
    malformed(
      '[{:process 0 :type :ok :f :read}',
      /^h\.edn:1:33: expected "\]" to close the form opened on line 1/,
    );
  });
});

describe('history/jepsen exporter', () => {
  const value = fc.oneof(
    fc.constant(null),
    fc.integer(),
    fc.string(),
    fc.array(fc.integer(), { maxLength: 3 }),
    fc.dictionary(fc.stringMatching(/^[a-z][a-z0-9-]{0,5}$/), fc.integer(), {
      maxKeys: 3,
      noNullPrototype: true,
    }),
  );
  const op = fc.record(
    {
      time: fc.nat(),
      process: fc.oneof(fc.nat(20), fc.constant('nemesis' as const)),
      type: fc.constantFrom('invoke', 'ok', 'fail', 'info'),
      f: fc.constantFrom('read', 'write', 'cas', 'start', 'get'),
      value,
      node: fc.constantFrom('n1', 'n2'),
      error: fc.string(),
    },
    { requiredKeys: ['time', 'process', 'type', 'f', 'value'] },
  );

  it('round-trips histories through EDN (property)', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 20 }), fc.boolean(), (raw, keyed) => {
        const history: Op[] = raw.map((o, index) => {
          const out: Op = { index, ...o };
          if (keyed && o.process !== 'nemesis') out.key = String(index % 3);
          return out;
        });
        assert.deepEqual(parseJepsenEdn(toJepsenEdn(history), 'rt.edn', { keyed }), history);
      }),
      { numRuns: 300 },
    );
  });

  it('round-trips a real Knossos history', () => {
    const text = readFileSync(join(FIXTURES, 'bad', 'bad-analysis.edn'), 'utf8');
    const ops = parseJepsenEdn(text, 'bad-analysis.edn');
    assert.deepEqual(parseJepsenEdn(toJepsenEdn(ops), 'x.edn'), ops);
  });

  it('writes keyed ops as [key value] tuples', () => {
    const edn = toJepsenEdn([
      { index: 0, time: 0, process: 0, type: 'invoke', f: 'write', value: 5, key: '7' },
      { index: 1, time: 1, process: 'nemesis', type: 'info', f: 'kill', value: { node: 'n1' } },
    ]);
    assert.equal(
      edn,
      '{:index 0, :time 0, :type :invoke, :process 0, :f :write, :value [7 5]}\n' +
        '{:index 1, :time 1, :type :info, :process :nemesis, :f :kill, :value {:node "n1"}}\n',
    );
  });
});
