import assert from 'node:assert/strict';
import fc from 'fast-check';
import { ReplyError } from '../../src/client/resp/replyError.js';
import {
  batchSlot,
  commandKeys,
  crc16,
  hashSlot,
  hashTagOf,
} from '../../src/client/cluster/hashSlot.js';
import { batchRedirect, parseRedirect, withAsking } from '../../src/client/cluster/redirect.js';
import { slotMapFromShards, slotMapFromSlots } from '../../src/client/cluster/slotMap.js';

const moved = (slot: number, to: string) => ({ error: new ReplyError(`MOVED ${slot} ${to}`) });

describe('cluster routing', () => {
  it('CRC16 and slots match Redis (CLUSTER KEYSLOT)', () => {
    assert.equal(crc16(Buffer.from('123456789')), 0x31c3);
    assert.equal(hashSlot('foo'), 12182);
    assert.equal(hashSlot('{user1000}.following'), hashSlot('{user1000}.followers'));
    assert.equal(hashTagOf('foo{}{bar}'), 'foo{}{bar}');
    assert.equal(hashTagOf('foo{{bar}}zap'), '{bar');
    fc.assert(
      fc.property(fc.string(), fc.string(), (tag, rest) => {
        fc.pre(tag.length > 0 && !tag.includes('}'));
        const s = hashSlot(`{${tag}}${rest}`);
        return s === hashSlot(`x{${tag}}`) && s >= 0 && s < 16384;
      }),
    );
  });

  it('finds the keys of a batch: the first key, EVAL keys, none for MULTI/WAIT', () => {
    assert.deepEqual(commandKeys(['EVALSHA', 'abc', 2, 'k1', 'k2', 'arg']), ['k1', 'k2']);
    assert.deepEqual(commandKeys(['WAIT', 1, 100]), []);
    assert.equal(batchSlot([['MULTI'], ['SADD', '{t}:s', 'e'], ['EXEC']]), hashSlot('t'));
    assert.equal(batchSlot([['PING']]), undefined);
  });

  it('parses MOVED and ASK, an empty host meaning the one asked', () => {
    assert.deepEqual(parseRedirect(new ReplyError('MOVED 3999 10.0.0.3:6379'), 'h'), {
      kind: 'MOVED',
      slot: 3999,
      to: { host: '10.0.0.3', port: 6379 },
    });
    assert.deepEqual(parseRedirect(new ReplyError('ASK 1 :6380'), '10.0.0.9')?.to, {
      host: '10.0.0.9',
      port: 6380,
    });
    assert.equal(parseRedirect(new ReplyError('TRYAGAIN Multiple keys'), 'h'), undefined);
    assert.equal(parseRedirect(new Error('MOVED 1 a:1'), 'h'), undefined); // not a reply
  });

  it('follows a batch only when nothing in it ran', () => {
    const cmds = [
      ['SADD', '{t}:s', 'e'],
      ['RPUSH', '{t}:l', 'e'],
    ] as const;
    // Both redirected: follow.
    assert.equal(batchRedirect(cmds, [moved(5, 'a:1'), moved(5, 'a:1')], 'h')?.kind, 'MOVED');
    // One ran: never send again.
    assert.equal(batchRedirect(cmds, [{ value: 1 }, moved(5, 'a:1')], 'h'), undefined);
    // Two different targets: no.
    assert.equal(batchRedirect(cmds, [moved(5, 'a:1'), moved(5, 'b:1')], 'h'), undefined);
    // A timeout is not a redirection.
    const timedOut = { error: new Error('Command timed out') };
    assert.equal(batchRedirect(cmds, [timedOut, timedOut], 'h'), undefined);
    // MULTI: OK, the queued commands MOVED, EXEC aborted: nothing ran, follow.
    const multi = [['MULTI'], ...cmds, ['EXEC']] as const;
    const execAbort = { error: new ReplyError('EXECABORT Transaction discarded') };
    assert.equal(
      batchRedirect(multi, [{ value: 'OK' }, moved(5, 'a:1'), moved(5, 'a:1'), execAbort], 'h')
        ?.kind,
      'MOVED',
    );
    // WAIT's reply does not count as an effect.
    assert.equal(
      batchRedirect(
        [...cmds, ['WAIT', 1, 10]],
        [moved(5, 'a:1'), moved(5, 'a:1'), { value: 0 }],
        'h',
      )?.kind,
      'MOVED',
    );
    // CROSSSLOT, TRYAGAIN, CLUSTERDOWN: fail, not followed.
    for (const code of ['CROSSSLOT x', 'TRYAGAIN x', 'CLUSTERDOWN x']) {
      assert.equal(
        batchRedirect(cmds.slice(0, 1), [{ error: new ReplyError(code) }], 'h'),
        undefined,
      );
    }
  });

  it('puts ASKING before each command, once before a MULTI block', () => {
    const { batch, asking } = withAsking([
      ['SET', 'k', 1],
      ['MULTI'],
      ['INCR', 'k'],
      ['EXEC'],
      ['GET', 'k'],
    ]);
    assert.deepEqual(
      batch.map((c) => c[0]),
      ['ASKING', 'SET', 'ASKING', 'MULTI', 'INCR', 'EXEC', 'ASKING', 'GET'],
    );
    assert.deepEqual([...asking], [0, 2, 6]);
  });

  it('reads a slot map from CLUSTER SHARDS and CLUSTER SLOTS', () => {
    const node = (ip: string, role: string, health = 'online') => [
      'id',
      'x',
      'port',
      6379,
      'ip',
      ip,
      'endpoint',
      ip,
      'role',
      role,
      'replication-offset',
      0,
      'health',
      health,
    ];
    const shards = slotMapFromShards([
      [
        'slots',
        [0, 8191],
        'nodes',
        [node('10.0.0.1', 'master', 'fail'), node('10.0.0.4', 'master')],
      ],
      ['slots', [8192, 16383], 'nodes', [node('10.0.0.2', 'master'), node('10.0.0.5', 'replica')]],
    ]);
    assert.equal(shards.endpointFor(0)?.host, '10.0.0.4');
    assert.equal(shards.endpointFor(16383)?.host, '10.0.0.2');
    assert.equal(shards.covered(), 16384);
    const slots = slotMapFromSlots([[0, 99, ['10.0.0.3', 6379, 'id']]]);
    assert.equal(slots.endpointFor(99)?.host, '10.0.0.3');
    assert.equal(slots.endpointFor(100), undefined);
  });
});
