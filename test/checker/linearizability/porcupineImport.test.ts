import assert from 'node:assert/strict';
import { RedcheckError } from '../../../src/errors.js';
import { parsePorcupineEtcdLog, parsePorcupineKv } from '../../../src/history/porcupine.js';

const malformedAt = (file: string, line: number) => (e: unknown) =>
  e instanceof RedcheckError &&
  e.code === 'E_HISTORY_MALFORMED' &&
  e.message.startsWith(`${file}:${line}:`) &&
  /expected/.test(e.message);

describe('Porcupine importers', () => {
  it('reads Jepsen etcd log events; an info completion takes the value of its invoke', () => {
    const ops = parsePorcupineEtcdLog(
      [
        'INFO  jepsen.util - 2\t:invoke\t:cas\t[3 0]',
        'INFO  jepsen.core - Worker 2 starting',
        '',
        'INFO  jepsen.util - 0   :invoke :read   nil',
        'INFO  jepsen.util - 0   :ok     :read   4',
        'INFO  jepsen.util - 2\t:info\t:cas\t:timed-out',
        'INFO  jepsen.util - 1\t:invoke\t:read\tnil',
        'INFO  jepsen.util - 1\t:fail\t:read\t:timed-out',
        'INFO  jepsen.util - :nemesis\t:info\t:start\tnil',
      ].join('\n'),
      'x.log',
    );
    assert.deepEqual(
      ops.map((o) => [o.index, o.process, o.type, o.f, o.value, o.error]),
      [
        [0, 2, 'invoke', 'cas', [3, 0], undefined],
        [1, 0, 'invoke', 'read', null, undefined],
        [2, 0, 'ok', 'read', 4, undefined],
        [3, 2, 'info', 'cas', [3, 0], 'timed-out'],
        [4, 1, 'invoke', 'read', null, undefined],
        [5, 1, 'fail', 'read', null, 'timed-out'],
        [6, 'nemesis', 'info', 'start', null, undefined],
      ],
    );
  });

  it('reports a malformed etcd log line with file, line and what was expected', () => {
    assert.throws(
      () => parsePorcupineEtcdLog('\nINFO  jepsen.util - 0\t:invoke\t:read\n', 'a.log'),
      malformedAt('a.log', 2),
    );
    assert.throws(
      () => parsePorcupineEtcdLog('INFO  jepsen.util - 0\t:done\t:read\tnil', 'a.log'),
      malformedAt('a.log', 1),
    );
    assert.throws(
      () => parsePorcupineEtcdLog('INFO  jepsen.util - 0\t:ok\t:read\t{1 2}', 'a.log'),
      malformedAt('a.log', 1),
    );
    assert.throws(() => parsePorcupineEtcdLog('garbage', 'b.log'), malformedAt('b.log', 1));
  });

  it('reads kv EDN maps with the key set, in any key order', () => {
    const ops = parsePorcupineKv(
      [
        '{:process 0, :type :invoke, :f :get, :key "1", :value nil}',
        '{:type :ok, :process 0, :f :get, :key "1", :value "x \\"q\\" y"}',
      ].join('\n'),
      'kv.txt',
    );
    assert.deepEqual(ops, [
      { index: 0, time: 0, process: 0, type: 'invoke', f: 'get', key: '1', value: null },
      { index: 1, time: 1, process: 0, type: 'ok', f: 'get', key: '1', value: 'x "q" y' },
    ]);
  });

  it('reports a malformed kv line with file, line and what was expected', () => {
    const ok = '{:process 0, :type :invoke, :f :get, :key "1", :value nil}';
    assert.throws(
      () => parsePorcupineKv(`${ok}\n{:process 0, :type :ok, :f :get, :key "1"`, 'kv.txt'),
      malformedAt('kv.txt', 2),
    );
    assert.throws(
      () => parsePorcupineKv('{:process x, :type :ok, :f :get, :key "1", :value nil}', 'kv.txt'),
      malformedAt('kv.txt', 1),
    );
    assert.throws(
      () => parsePorcupineKv('{:process 0, :type :maybe, :f :get, :key "1", :value nil}', 'kv.txt'),
      /:type/,
    );
    assert.throws(
      () => parsePorcupineKv('{:process 0, :type :ok, :f :get, :value nil}', 'kv.txt'),
      /:key/,
    );
    assert.throws(() => parsePorcupineKv(`${ok}\n\n[1 2]`, 'kv.txt'), malformedAt('kv.txt', 3));
  });
});
