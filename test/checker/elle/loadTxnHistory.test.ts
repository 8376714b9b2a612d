import assert from 'node:assert/strict';
import { join } from 'node:path';
import {
  checkListAppend,
  loadTxnHistory,
  parseTxnHistoryText,
} from '../../../src/checker/elle/index.js';
import { isRedcheckError } from '../../../src/errors.js';

const FIXTURES = join(import.meta.dirname, '..', '..', 'fixtures', 'elle');

function malformed(fn: () => unknown, pattern: RegExp): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(isRedcheckError(e), String(e));
    assert.equal(e.code, 'E_HISTORY_MALFORMED');
    assert.match(e.message, pattern);
    return true;
  });
}

describe('list-append histories: reading', () => {
  it('reads Jepsen EDN, one map per line, keywords as names', () => {
    const h = parseTxnHistoryText(
      [
        '{:type :invoke, :f :txn, :value [[:append :x 1] [:r :x nil]], :process 0, :time 5, :index 0}',
        '{:type :ok, :f :txn, :value [[:append :x 1] [:r :x [1]]], :process 0, :time 9, :index 1}',
        '{:type :info, :f :start, :process :nemesis, :value nil}',
      ].join('\n'),
      'h.edn',
    );
    assert.equal(h.format, 'edn');
    assert.deepEqual(h.lines, [1, 2, 3]);
    assert.deepEqual(h.ops[1]?.value, [
      ['append', 'x', 1],
      ['r', 'x', [1]],
    ]);
    assert.equal(h.ops[2]?.process, 'nemesis');
    assert.equal(h.ops[1]?.time, 9);
  });

  it("reads one EDN vector of (tagged) op maps, with each op's line", async () => {
    const h = await loadTxnHistory(join(FIXTURES, 'write-skew.edn'));
    assert.equal(h.ops.length, 6);
    assert.deepEqual(h.lines, [1, 2, 3, 4, 5, 6]);
    const tagged = parseTxnHistoryText(
      '#jepsen.history.Op{:type :invoke, :f :txn, :value [[:r 1 nil]], :process 3}',
      't.edn',
    );
    assert.equal(tagged.ops[0]?.process, 3);
  });

  it('reads redcheck jsonl and ignores a truncated last line with a warning', () => {
    const h = parseTxnHistoryText(
      '{"process":0,"type":"invoke","f":"txn","value":[["r",1,null]]}\n{"process":0,"type":"ok","f":"txn","value":[["r",1,[]]]}\n{"process":0,"ty',
      'h.jsonl',
    );
    assert.equal(h.format, 'jsonl');
    assert.equal(h.ops.length, 2);
    assert.equal(h.warnings.length, 1);
    assert.equal(h.warnings[0]?.line, 3);
  });

  it('the paper example loads without :process and :f', async () => {
    const h = await loadTxnHistory(join(FIXTURES, 'paper-g-single.edn'));
    assert.equal(h.ops.length, 8);
    assert.ok(h.ops.every((op) => op.f === 'txn' && op.process === 0));
    assert.deepEqual(h.lines, [3, 4, 5, 6, 7, 8, 9, 10]);
  });

  it('bad input names file:line and what was expected', async () => {
    await assert.rejects(
      loadTxnHistory(join(FIXTURES, 'unknown-mop.edn')),
      /unknown-mop\.edn:3: micro-op 1: unknown micro-op "w"; expected "append" or "r"/,
    );
    await assert.rejects(
      loadTxnHistory(join(FIXTURES, 'read-not-list.jsonl')),
      /read-not-list\.jsonl:4: micro-op 1: a read must be null or a list/,
    );
    await assert.rejects(
      loadTxnHistory(join(FIXTURES, 'malformed.edn')),
      /malformed\.edn:4: micro-op 1: expected \["append", key, value\]/,
    );
    malformed(
      () => parseTxnHistoryText('{:type :ok, :f :txn, :value [[:r 1 [1 2]], :process 0}', 'x.edn'),
      /x\.edn:1(:\d+)?: expected an EDN value or "\]"/,
    );
    malformed(
      () => parseTxnHistoryText('{:type :ok, :f :txn, :value 3, :process 0}', 'x.edn'),
      /x\.edn:1: :value of a txn: expected a list of micro-ops/,
    );
    malformed(
      () => parseTxnHistoryText('{:type :done, :f :txn, :value [], :process 0}', 'x.edn'),
      /x\.edn:1:1: :type: expected one of :invoke/,
    );
    malformed(
      () =>
        parseTxnHistoryText('{:type :ok, :f :txn, :value [[:append [1] 2]], :process 0}', 'x.edn'),
      /expected a number or string key/,
    );
  });

  it('the checker refuses a malformed transaction given in memory, naming the op', () => {
    assert.throws(
      () =>
        checkListAppend([
          { index: 0, time: 0, process: 0, type: 'invoke', f: 'txn', value: [['cas', 1, 2]] },
        ]),
      /op 0 \(process 0, invoke\): micro-op 1: unknown micro-op "cas"/,
    );
  });
});
