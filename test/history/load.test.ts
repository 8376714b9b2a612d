import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isRedcheckError } from '../../src/errors.js';
import { toJepsenEdn } from '../../src/history/jepsen.js';
import { detectHistoryFormat, loadHistory, parseHistoryText } from '../../src/history/load.js';

const ROOT = join(import.meta.dirname, '..', '..');
const DATA = join(ROOT, 'test', 'fixtures', 'porcupine');

describe('history/load', () => {
  let dir: string;
  before(() => (dir = mkdtempSync(join(tmpdir(), 'redcheck-load-'))));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('detects every shared and shipped history by content', async () => {
    const expectations: [string, string][] = [
      [join(DATA, 'jepsen', 'etcd_000.log'), 'porcupine-etcd'],
      [join(DATA, 'kv', 'c01-ok.txt'), 'porcupine-kv'],
      [join(ROOT, 'examples', 'cas-register-ok.jsonl'), 'jsonl'],
      [
        join(ROOT, 'test', 'fixtures', 'jepsen', 'cas-register', 'good', 'cas-register-bug.edn'),
        'edn',
      ],
      [
        join(ROOT, 'test', 'fixtures', 'jepsen', 'cas-register', 'bad', 'rethink-fail-minimal.edn'),
        'edn',
      ],
    ];
    for (const [file, format] of expectations) {
      const h = await loadHistory(file);
      assert.equal(h.format, format, file);
      assert.ok(h.ops.length > 0, file);
      assert.ok(h.ops.every((op, i) => op.index === i));
    }
  });

  it('reads every Porcupine file in the shared data', async () => {
    for (const sub of ['jepsen', 'kv']) {
      for (const name of readdirSync(join(DATA, sub))) {
        const h = await loadHistory(join(DATA, sub, name));
        if (name === 'etcd_095.log') {
          assert.equal(h.ops.length, 0, 'the one empty file is an empty history');
          continue;
        }
        assert.equal(h.format, sub === 'jepsen' ? 'porcupine-etcd' : 'porcupine-kv', name);
      }
    }
  });

  it('tells Jepsen one-map-per-line EDN from Porcupine kv lines', () => {
    assert.equal(
      detectHistoryFormat('{:index 0, :time 5, :type :invoke, :process 0, :f :read}'),
      'edn',
    );
    assert.equal(
      detectHistoryFormat('{:process 0, :type :invoke, :f :get, :key "1", :value nil}'),
      'porcupine-kv',
    );
    assert.equal(detectHistoryFormat('\n\n; comment\n[{:f :read}]'), 'edn');
    assert.equal(detectHistoryFormat('\ufeff{"index":0}'), 'jsonl');
    assert.equal(detectHistoryFormat(''), 'jsonl');
    assert.equal(detectHistoryFormat('hello'), undefined);
  });

  it('reads an exported EDN history back as EDN', async () => {
    const jsonl = await loadHistory(join(ROOT, 'examples', 'cas-register-ok.jsonl'));
    const edn = await parseHistoryText(toJepsenEdn(jsonl.ops), 'x.edn');
    assert.equal(edn.format, 'edn');
    assert.deepEqual(edn.ops, jsonl.ops);
  });

  it('honours an explicit format and rejects unknown ones', async () => {
    const file = join(dir, 'h.txt');
    writeFileSync(
      file,
      '{"index":0,"time":0,"process":0,"type":"invoke","f":"read","value":null}\n',
    );
    await assert.rejects(
      loadHistory(file, 'edn'),
      (e: unknown) => isRedcheckError(e) && e.code === 'E_HISTORY_MALFORMED',
    );
    await assert.rejects(
      loadHistory(file, 'csv'),
      (e: unknown) =>
        isRedcheckError(e) &&
        e.code === 'E_UNKNOWN_FORMAT' &&
        /auto, jsonl, edn, porcupine-etcd, porcupine-kv/.test(e.message),
    );
    assert.equal((await loadHistory(file, 'jsonl')).ops.length, 1);
  });

  it('names the file it cannot read', async () => {
    await assert.rejects(
      loadHistory(join(dir, 'none.jsonl')),
      (e: unknown) =>
        isRedcheckError(e) && e.code === 'E_HISTORY_UNREADABLE' && e.message.includes('none.jsonl'),
    );
  });
});
