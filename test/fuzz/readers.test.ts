/**
 * Fuzz suite for every reader: mutations of the real fixtures (examples/*.jsonl, Jepsen and
 * Porcupine histories in test/fixtures, scenario files) and generated nesting. Each input must
 * end in a result or a RedcheckError (the CLI's clean exit 2): never another exception (a stack
 * trace), a hang, or a checker that fails (`unknown` with "the checker failed", exit 3).
 *
 * Seeded and bounded (numRuns, a time limit per check) so it stays well under a minute in
 * `npm test`. A failure prints fast-check's seed and path: rerun with them to replay it.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { isRedcheckError } from '../../src/errors.js';
import { checkLinearizability } from '../../src/checker/linearizability/index.js';
import { loadHistory, parseHistoryText, type HistoryFormat } from '../../src/history/load.js';
import { isClientOp, type Op } from '../../src/history/op.js';
import { parseScenarioInput, resolveScenario } from '../../src/runner/scenario.js';

const ROOT = join(import.meta.dirname, '..', '..');
const SEED = 0x5eed14;
/** Inputs per property; the whole suite runs in a few seconds on a loaded 2-core machine. */
const RUNS = 300;

/** The first `maxLines` lines of a fixture: big enough to be real, small enough to be fast. */
function fixture(path: string, maxLines = 60): string {
  return readFileSync(join(ROOT, path), 'utf8').split('\n').slice(0, maxLines).join('\n');
}

const HISTORIES: { name: string; text: string }[] = [
  ...readdirSync(join(ROOT, 'examples'))
    .filter((f) => f.endsWith('.jsonl'))
    .map((f) => ({ name: `examples/${f}`, text: fixture(`examples/${f}`) })),
  ...[
    'test/fixtures/jepsen/independent/keyed-bad.edn',
    'test/fixtures/jepsen/cas-register/bad/rethink-fail-minimal.edn',
    'test/fixtures/jepsen/cas-register/good/cas-register-bug.edn',
    'test/fixtures/porcupine/jepsen/etcd_000.log',
    'test/fixtures/porcupine/kv/c01-ok.txt',
  ].map((name) => ({ name, text: fixture(name) })),
];

// Pieces a hostile or damaged file is made of.
const nasty = fc.constantFrom(
  '\ufeff',
  '\u001b]0;pwned\u0007',
  '\u202e',
  '\u0000',
  '\r',
  '\n',
  '"',
  '\\',
  '{',
  '}',
  '[',
  ']',
  '(',
  ')',
  '#',
  '#_',
  '#{',
  '##NaN',
  ':',
  ',',
  '1e400',
  '-1',
  'NaN',
  'null',
  'nil',
  '"__proto__"',
  ':__proto__',
  '"constructor"',
  '"type":"ok"',
  '"type":"invoke"',
  ':type :ok',
  '"process":"nemesis"',
  '"f":"cas"',
  '"value":[1,2]',
  ':value [1 2]',
  '\t:ok\t:read\tnil',
  '9007199254740993',
);

/** Deep nesting, as the issue's `[[[...]]]`: EDN or JSON openers, closed or not. */
const nesting = fc
  .record({
    depth: fc.integer({ min: 900, max: 6000 }),
    open: fc.constantFrom('[', '{"a":', '(', '{:a ', '#t ', '#{', '#_ ['),
    closed: fc.boolean(),
  })
  .map(({ depth, open, closed }) => {
    const close = open.startsWith('{') ? '}' : open.startsWith('(') ? ')' : ']';
    return open.repeat(depth) + '1' + (closed ? close.repeat(depth) : '');
  });

type Mutation = (text: string) => string;

const at = (text: string, r: number): number => Math.floor(r * (text.length + 1));

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  // insert something nasty (or deep) somewhere
  fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.oneof(nasty, nasty, nesting)).map(
    ([r, s]) =>
      (t: string) =>
        t.slice(0, at(t, r)) + s + t.slice(at(t, r)),
  ),
  // delete a range
  fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.integer({ min: 1, max: 40 })).map(
    ([r, n]) =>
      (t: string) =>
        t.slice(0, at(t, r)) + t.slice(at(t, r) + n),
  ),
  // duplicate a range (double invokes, repeated keys)
  fc
    .tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.integer({ min: 1, max: 200 }))
    .map(([r, n]) => (t: string) => {
      const i = at(t, r);
      return t.slice(0, i) + t.slice(i, i + n) + t.slice(i);
    }),
  // cut the file short (a crash mid-write)
  fc.double({ min: 0, max: 1, noNaN: true }).map((r) => (t: string) => t.slice(0, at(t, r))),
  // swap two lines (a completion before its invoke)
  fc.tuple(fc.nat(), fc.nat()).map(([a, b]) => (t: string) => {
    const lines = t.split('\n');
    const i = a % lines.length;
    const j = b % lines.length;
    [lines[i], lines[j]] = [lines[j] ?? '', lines[i] ?? ''];
    return lines.join('\n');
  }),
  // replace a whole line by a JSON value of any shape, or a nasty piece
  fc
    .tuple(
      fc.nat(),
      fc.oneof(
        fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)),
        nasty,
      ),
    )
    .map(([n, replacement]) => (t: string) => {
      const lines = t.split('\n');
      lines[n % lines.length] = replacement;
      return lines.join('\n');
    }),
  // flip one character to a random one
  fc
    .tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.string({ minLength: 1, maxLength: 1 }))
    .map(
      ([r, c]) =>
        (t: string) =>
          t.slice(0, at(t, r)) + c + t.slice(at(t, r) + 1),
    ),
);

const mutated = (texts: readonly string[]): fc.Arbitrary<string> =>
  fc
    .tuple(fc.constantFrom(...texts), fc.array(mutation, { minLength: 1, maxLength: 2 }))
    .map(([text, ms]) => ms.reduce((t, m) => m(t), text));

function modelFor(format: HistoryFormat, ops: readonly Op[]): string | undefined {
  if (format === 'porcupine-etcd') return 'etcd';
  if (format === 'porcupine-kv') return 'kv';
  const fs = new Set(ops.filter(isClientOp).map((o) => o.f));
  if ([...fs].every((f) => ['read', 'write', 'cas'].includes(f))) return 'cas-register';
  if ([...fs].every((f) => ['get', 'put', 'append'].includes(f))) return 'kv';
  return undefined;
}

/**
 * What the CLI would do with this history: read it, then check it. Resolves to a short
 * outcome; rejects (the property fails) on anything the CLI would print a trace for.
 */
async function outcome(load: () => Promise<{ format: HistoryFormat; ops: Op[] }>): Promise<string> {
  let loaded;
  try {
    loaded = await load();
  } catch (e) {
    if (isRedcheckError(e)) return `exit 2 (${e.code})`;
    throw e;
  }
  const model = modelFor(loaded.format, loaded.ops);
  if (model === undefined || !loaded.ops.some(isClientOp)) return 'no check';
  let result;
  try {
    result = await checkLinearizability(loaded.ops, { model, timeLimitMs: 200 });
  } catch (e) {
    if (isRedcheckError(e)) return `exit 2 (${e.code})`;
    throw e;
  }
  if (result.valid === 'unknown' && result.reason === 'the checker failed') {
    throw new Error(`the checker failed: ${'error' in result ? String(result.error) : ''}`);
  }
  return `valid ${String(result.valid)}`;
}

describe('fuzz: every reader ends in a result or a clean error', function () {
  this.timeout(120_000);
  let dir: string;
  before(() => (dir = mkdtempSync(join(tmpdir(), 'redcheck-fuzz-'))));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('histories read from text in memory (every format, mutated fixtures)', async () => {
    await fc.assert(
      fc.asyncProperty(mutated(HISTORIES.map((h) => h.text)), async (text) => {
        await outcome(() => parseHistoryText(text, 'fuzz'));
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });

  it('histories read from a file (the streaming path of check), each format forced', async () => {
    let n = 0;
    await fc.assert(
      fc.asyncProperty(
        mutated(HISTORIES.map((h) => h.text)),
        fc.constantFrom('auto', 'jsonl', 'edn', 'porcupine-etcd', 'porcupine-kv'),
        async (text, format) => {
          const file = join(dir, `h${n++}`);
          writeFileSync(file, text);
          await outcome(() => loadHistory(file, format));
        },
      ),
      { seed: SEED + 1, numRuns: RUNS },
    );
  });

  it('generated nesting, alone and as an op value', async () => {
    await fc.assert(
      fc.asyncProperty(nesting, async (deep) => {
        const line = `{"index":0,"time":0,"process":0,"type":"invoke","f":"write","value":${deep}}`;
        for (const text of [deep, line, `[{:process 0 :type :invoke :f :write :value ${deep}}]`]) {
          const r = await outcome(() => parseHistoryText(text, 'deep'));
          assert.match(r, /^exit 2|^no check|^valid/);
        }
      }),
      { seed: SEED + 2, numRuns: 15 },
    );
  });

  it('scenario files (mutated scenarios/*.json) resolve or fail with a RedcheckError', () => {
    const texts = readdirSync(join(ROOT, 'scenarios'))
      .filter((f) => f.endsWith('.json'))
      .slice(0, 6)
      .map((f) => readFileSync(join(ROOT, 'scenarios', f), 'utf8'));
    fc.assert(
      fc.property(mutated(texts), (text) => {
        let raw: unknown;
        try {
          raw = JSON.parse(text.replace(/^\ufeff/, ''));
        } catch {
          return; // the scenario loader reports bad JSON itself
        }
        try {
          resolveScenario(parseScenarioInput(raw, 'fuzz.json'));
        } catch (e) {
          if (!isRedcheckError(e)) throw e;
        }
      }),
      { seed: SEED + 3, numRuns: RUNS },
    );
  });
});
