import assert from 'node:assert/strict';
import fc from 'fast-check';
import { isRedcheckError } from '../../src/errors.js';
import {
  EdnList,
  EdnSet,
  EdnSymbol,
  EdnTagged,
  kw,
  parseEdn,
  printEdn,
  readEdnForms,
  type EdnMap,
  type EdnValue,
} from '../../src/history/edn.js';

const name = fc
  .tuple(
    fc.stringMatching(/^[a-z][a-z0-9_?!*-]{0,6}$/),
    fc.option(fc.stringMatching(/^[a-z][a-z0-9.]{0,5}$/)),
  )
  .map(([n, ns]) => (ns === null ? n : `${ns}/${n}`));

const scalar: fc.Arbitrary<EdnValue> = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.integer({ min: -(2 ** 53) + 1, max: 2 ** 53 - 1 }),
  fc.double(),
  fc.string({ unit: 'binary' }),
  fc.string({ unit: 'binary-ascii' }),
  name.map(kw),
  name.filter((n) => !['nil', 'true', 'false'].includes(n)).map((n) => new EdnSymbol(n)),
);

const mapKey: fc.Arbitrary<EdnValue> = fc.oneof(name.map(kw), fc.string(), fc.integer());

const { value: ednValue } = fc.letrec<{ value: EdnValue }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    scalar,
    fc.array(tie('value'), { maxLength: 5 }),
    fc.array(tie('value'), { maxLength: 5 }).map((xs) => new EdnList(xs)),
    fc.array(tie('value'), { maxLength: 5 }).map((xs) => new EdnSet(xs)),
    fc
      .uniqueArray(fc.tuple(mapKey, tie('value')), { maxLength: 5, selector: ([k]) => k })
      .map((entries): EdnMap => new Map(entries)),
    fc
      .tuple(
        name.filter((n) => /^[a-z]/.test(n) && n !== 'regex'),
        tie('value'),
      )
      .map(([t, v]) => new EdnTagged(t, v)),
  ),
}));

function malformed(text: string, pattern: RegExp): void {
  assert.throws(
    () => parseEdn(text, { file: 'h.edn' }),
    (e: unknown) =>
      isRedcheckError(e) && e.code === 'E_HISTORY_MALFORMED' && pattern.test(e.message),
  );
}

describe('history/edn', () => {
  it('round-trips printed values (property)', () => {
    fc.assert(
      fc.property(ednValue, (v) => {
        assert.deepStrictEqual(parseEdn(printEdn(v)), v);
      }),
      { numRuns: 500 },
    );
  });

  it('reads the syntax Jepsen writes', () => {
    const text = `; a comment
      #jepsen.history.Op{:index 0, :time 12, :type :invoke, :process 0, :f :cas, :value [1 2]}
      {:type :info :process :nemesis :f :start :value {"n1" #{"n2" "n3"}}, :x #_ ignored 3/4}
      (1 -2 3.5 1e3 +4 5N 6.0M \\a \\newline "tab\\tq\\"\\u00e9" nil true false sym/x 0x1F ##Inf)`;
    const forms = readEdnForms(text);
    assert.deepEqual(
      forms.map((f) => f.line),
      [2, 3, 4],
    );
    const op = forms[0]?.value;
    assert.ok(op instanceof EdnTagged && op.tag === 'jepsen.history.Op');
    assert.ok(op.value instanceof Map);
    assert.deepEqual(op.value.get(kw('value')), [1, 2]);
    const nem = forms[1]?.value as EdnMap;
    assert.equal(nem.get(kw('process')), kw('nemesis'));
    assert.equal(nem.get(kw('x')), 0.75);
    assert.deepEqual((nem.get(kw('value')) as EdnMap).get('n1'), new EdnSet(['n2', 'n3']));
    const list = forms[2]?.value as EdnList;
    assert.deepEqual(list.items, [
      1,
      -2,
      3.5,
      1000,
      4,
      5,
      6,
      'a',
      '\n',
      'tab\tq"é',
      null,
      true,
      false,
      new EdnSymbol('sym/x'),
      31,
      Infinity,
    ]);
  });

  it('records the start line of collections', () => {
    const lines = new WeakMap<object, number>();
    const v = parseEdn('[\n{:a 1}\n\n{:a "x\ny"}\n{:a 2}]', { lines }) as EdnMap[];
    assert.deepEqual(
      v.map((m) => lines.get(m)),
      [2, 4, 6],
    );
  });

  it('names file, line and what was expected on bad input', () => {
    malformed('[1 2\n 3', /^h\.edn:2:3: expected "\]" to close the form opened on line 1/);
    malformed('{:a 1\n :b}', /^h\.edn:1:1: expected a map with an even number of forms/);
    malformed('\n\n"abc', /^h\.edn:3:5: expected a closing quote/);
    malformed('[1 2] 3', /end of input after one EDN value/);
    malformed('\n 12abc', /^h\.edn:2:2: expected a number, found the token "12abc"/);
    malformed(']', /expected an EDN value/);
    malformed('"\\q"', /string escape/);
    malformed('# foo', /tag name/);
  });

  it('reads 100k Jepsen ops quickly', () => {
    const lines: string[] = [];
    for (let i = 0; i < 100_000; i++) {
      lines.push(
        `{:index ${i}, :time ${i * 1000}, :type :ok, :process ${i % 10}, :f :cas, :value [${i % 5} ${(i + 1) % 5}]}`,
      );
    }
    const start = performance.now();
    const forms = readEdnForms(lines.join('\n'));
    const ms = performance.now() - start;
    assert.equal(forms.length, 100_000);
    // Generous bound: a regression to quadratic behaviour would take minutes.
    assert.ok(ms < 10_000, `took ${ms} ms`);
  });
});
