import assert from 'node:assert/strict';
import { ReplyError } from 'ioredis';
import { NOT_CONNECTED, classifyError, replyCode } from '../../src/client/classifyError.js';
import { combineReplies } from '../../src/client/modes/combineReplies.js';
import { createMode } from '../../src/client/createMode.js';
import { MODE_NAMES } from '../../src/client/mode.js';
import { isRedcheckError } from '../../src/errors.js';

function reply(message: string): Error {
  const ReplyErrorClass = ReplyError as new (message: string) => Error;
  return new ReplyErrorClass(message);
}

function errno(message: string, code: string, syscall: string): Error {
  return Object.assign(new Error(message), { code, syscall });
}

const write = { sent: true, op: 'write' } as const;

describe('client: classifyError (the table)', () => {
  it('error replies are definite failures, whatever the code', () => {
    for (const code of ['READONLY', 'NOREPLICAS', 'LOADING', 'CLUSTERDOWN', 'BUSY', 'EXECABORT']) {
      const c = classifyError(reply(`${code} something`), write);
      assert.equal(c.type, 'fail', code);
      assert.equal(c.kind, 'rejected');
      assert.equal(c.code, code);
    }
    assert.equal(classifyError(reply('MOVED 3999 127.0.0.1:6381'), write).type, 'fail');
    assert.equal(classifyError(reply('MASTERDOWN Link with MASTER is down'), write).type, 'fail');
    assert.equal(
      classifyError(reply('WRONGTYPE Operation against a key'), write).code,
      'WRONGTYPE',
    );
  });

  it('role errors ask for a reconnect, others do not', () => {
    assert.equal(classifyError(reply('READONLY x'), write).reconnect, true);
    assert.equal(classifyError(reply('NOREPLICAS x'), write).reconnect, true);
    assert.equal(classifyError(reply('BUSY x'), write).reconnect, false);
    assert.equal(classifyError(reply('EXECABORT x'), write).reconnect, false);
  });

  it('unsent requests and refused connections fail', () => {
    const notWritable = new Error("Stream isn't writeable and enableOfflineQueue options is false");
    assert.equal(classifyError(notWritable, write).type, 'fail');
    const refused = errno('connect ECONNREFUSED 127.0.0.1:1', 'ECONNREFUSED', 'connect');
    assert.deepEqual(
      [classifyError(refused, write).type, classifyError(refused, write).kind],
      ['fail', 'connect'],
    );
    const closedBefore = new Error('Connection is closed.');
    assert.equal(classifyError(closedBefore, { sent: false, op: 'write' }).type, 'fail');
    const notConnected = new Error(NOT_CONNECTED);
    assert.deepEqual(
      [classifyError(notConnected, write).type, classifyError(notConnected, write).kind],
      ['fail', 'not-sent'],
    );
    // A timeout of something that was never sent (a handshake) cannot have written anything.
    const timedOutBefore = new Error('Command timed out');
    assert.equal(classifyError(timedOutBefore, { sent: false, op: 'write' }).type, 'fail');
  });

  it('timeouts and broken connections after sending are info for writes, fail for reads', () => {
    const cases = [
      new Error('Command timed out'),
      new Error('Connection is closed.'),
      errno('read ECONNRESET', 'ECONNRESET', 'read'),
      errno('write EPIPE', 'EPIPE', 'write'),
      new Error('something nobody expected'),
    ];
    for (const err of cases) {
      assert.equal(classifyError(err, write).type, 'info', err.message);
      assert.equal(classifyError(err, write).reconnect, true, err.message);
      assert.equal(classifyError(err, { sent: true, op: 'read' }).type, 'fail', err.message);
    }
  });

  it('replyCode reads the code of error replies only', () => {
    assert.equal(replyCode(reply('NOSCRIPT No matching script')), 'NOSCRIPT');
    assert.equal(replyCode(reply('lowercase message')), 'ERR');
    assert.equal(replyCode(new Error('READONLY but not a reply')), undefined);
  });
});

describe('client: combineReplies (several commands, one write)', () => {
  it('all values: ok; all definite errors: fail; partial: info', () => {
    assert.equal(combineReplies([{ value: 1 }, { value: 1 }], true).type, 'ok');
    const allFailed = combineReplies(
      [{ error: reply('READONLY a') }, { error: reply('READONLY b') }],
      true,
    );
    assert.equal(allFailed.type, 'fail');
    const partial = combineReplies([{ value: 1 }, { error: reply('WRONGTYPE x') }], true);
    assert.equal(partial.type, 'info');
    assert.match(partial.error ?? '', /^partial: command 2 of 2 failed: WRONGTYPE/);
  });

  it('an unsure error makes the whole write info', () => {
    const out = combineReplies(
      [{ error: reply('READONLY a') }, { error: new Error('Command timed out') }],
      true,
    );
    assert.equal(out.type, 'info');
    assert.equal(out.reconnect, true);
  });
});

describe('client: createMode', () => {
  it('knows every mode name', () => {
    for (const name of MODE_NAMES) assert.equal(createMode(name).name, name);
  });

  it('an unknown mode is a RedcheckError listing the valid ones', () => {
    assert.throws(
      () => createMode('eventual'),
      (err: unknown) =>
        isRedcheckError(err) &&
        err.code === 'E_UNKNOWN_MODE' &&
        err.message.includes('"eventual"') &&
        err.message.includes('async, wait, multi, lua'),
    );
  });

  it('refuses a WAIT timeout of 0 (it would block forever)', () => {
    assert.throws(() => createMode('wait', { waitTimeoutMs: 0 }), /--wait-timeout/);
  });
});
