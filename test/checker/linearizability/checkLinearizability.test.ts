import assert from 'node:assert/strict';
import {
  checkLinearizability,
  defineModel,
  explainLinearizability,
  ILLEGAL,
  isLinearizable,
  MODEL_NAMES,
} from '../../../src/checker/linearizability/index.js';
import {
  memoryLimitAt,
  resolveLinearizabilityOptions,
} from '../../../src/checker/linearizability/options.js';
import { RedcheckError } from '../../../src/errors.js';
import type { Op } from '../../../src/history/op.js';
import { toHistory } from './histories.js';
import { loadPorcupine } from './sharedData.js';

describe('linearizability: budgets, evidence and input errors', () => {
  it('kv/c50-bad.txt is judged illegal in under a second although other keys are hard', async () => {
    const history = loadPorcupine('kv/c50-bad.txt');
    const r = await checkLinearizability(history, { model: 'kv', timeLimitMs: 30_000 });
    assert.equal(r.valid, false);
    assert.ok(r.elapsedMs < 1000, `took ${r.elapsedMs} ms`);
    const bad = r.partitions.filter((p) => p.valid === false);
    assert.equal(bad.length, 1);
    assert.ok(
      r.partitions.some((p) => p.valid === 'unknown' && /not linearizable/.test(p.reason ?? '')),
    );
  });

  it('a time budget gives unknown with the reason, not a hang', async () => {
    // kv/c50 as one history does not finish in seconds (Porcupine's tests skip it too)
    const history = loadPorcupine('kv/c50-ok.txt');
    const r = await checkLinearizability(history, { model: 'kv-single', timeLimitMs: 300 });
    assert.equal(r.valid, 'unknown');
    assert.match(r.reason ?? '', /time limit of 300 ms/);
    assert.ok(r.elapsedMs < 5000, `took ${r.elapsedMs} ms`);
  });

  it('a memory budget gives unknown with the reason', async () => {
    const history = loadPorcupine('jepsen/etcd_007.log');
    const r = await checkLinearizability(history, { model: 'etcd', memoryLimitBytes: 2 ** 20 });
    assert.equal(r.valid, 'unknown');
    assert.match(r.reason ?? '', /memory limit of 1 MiB/);
  });

  it('the default memory budget is asked for only past its floor, an option always holds', () => {
    const byDefault = resolveLinearizabilityOptions({ model: 'etcd' });
    assert.equal(byDefault.memoryLimitBytes, undefined);
    assert.equal(memoryLimitAt(byDefault, 2 ** 20), Infinity);
    const past = memoryLimitAt(byDefault, 64 * 2 ** 20);
    assert.ok(past > 16 * 2 ** 20 && past <= 1.5 * 2 ** 30, `default limit ${past}`);
    const given = resolveLinearizabilityOptions({ model: 'etcd', memoryLimitBytes: 4096 });
    assert.equal(memoryLimitAt(given, 1), 4096);
    assert.equal(memoryLimitAt(given, 2 ** 30), 4096);
    assert.throws(
      () => resolveLinearizabilityOptions({ model: 'etcd', memoryLimitBytes: 0 }),
      /memoryLimitBytes must be > 0/,
    );
  });

  it('verbose gives the longest prefix, the stuck ops and the state, and an explanation', async () => {
    const history = loadPorcupine('kv/c10-bad.txt');
    const r = await checkLinearizability(history, { model: 'kv', verbose: true });
    assert.equal(r.valid, false);
    const bad = r.partitions.find((p) => p.valid === false);
    const ev = bad?.evidence;
    assert.ok(ev, 'evidence present');
    const prefix = ev.longestPrefixes[0] ?? [];
    assert.ok(prefix.length > 0);
    for (const i of prefix) assert.equal(history[i]?.key, bad?.key);
    assert.ok(ev.stuck.length > 0);
    assert.equal(ev.stuck[0]?.why, 'illegal');
    const text = explainLinearizability(r);
    assert.match(text, /NOT linearizable/);
    assert.match(text, new RegExp(`key "${bad?.key ?? ''}"`));
    assert.match(text, /impossible in that state/);
  });

  it('evidence on a tiny register history names the read that cannot be placed', async () => {
    const history = toHistory([
      { f: 'write', input: 1, output: 1, status: 'ok', call: 0, ret: 1 },
      { f: 'write', input: 2, output: 2, status: 'ok', call: 2, ret: 3 },
      { f: 'read', input: null, output: 1, status: 'ok', call: 4, ret: 5 },
    ]);
    const r = await checkLinearizability(history, { model: 'cas-register', verbose: true });
    const ev = r.partitions[0]?.evidence;
    assert.deepEqual(ev?.longestPrefixes, [[0, 2]]);
    assert.equal(ev?.state, '2');
    assert.deepEqual(ev?.stuck, [{ index: 4, op: 'read -> 1', why: 'illegal' }]);
    assert.equal(await isLinearizable(history, 'cas-register'), false);
  });

  it('follows Knossos: fail ops never happened, info ops may happen late or never, nil reads say nothing', async () => {
    const history = toHistory([
      { f: 'write', input: 1, output: 1, status: 'ok', call: 0, ret: 1 },
      { f: 'cas', input: [2, 3], output: [2, 3], status: 'fail', call: 2, ret: 3 },
      { f: 'write', input: 5, output: 5, status: 'info', call: 2, ret: 3 },
      { f: 'read', input: null, output: 1, status: 'ok', call: 4, ret: 5 },
      { f: 'read', input: null, output: 5, status: 'ok', call: 6, ret: 7 },
      { f: 'read', input: null, output: null, status: 'ok', call: 8, ret: 9 },
    ]);
    assert.equal(await isLinearizable(history, 'cas-register'), true);
    // etcd (Porcupine) reads nil only from an empty register
    assert.equal(await isLinearizable(history, 'etcd'), false);
  });

  it('etcd follows Porcupine: a failed cas saw a different value', async () => {
    const history = toHistory([
      { f: 'write', input: 1, output: 1, status: 'ok', call: 0, ret: 1 },
      { f: 'cas', input: [1, 3], output: [1, 3], status: 'fail', call: 2, ret: 3 },
    ]);
    assert.equal(await isLinearizable(history, 'etcd'), false);
    assert.equal(await isLinearizable(history, 'cas-register'), true);
  });

  it('ignores nemesis ops and accepts a custom model record with defaults filled', async () => {
    const counter = defineModel<number, number>({
      name: 'counter',
      init: () => 0,
      input: (op) =>
        op.status === 'fail'
          ? undefined
          : op.f === 'read'
            ? -1 - Number(op.output)
            : Number(op.input),
      step: (s, d) => (d >= 0 ? s + d : -1 - d === s ? s : ILLEGAL),
    });
    const nemesis: Op = {
      index: 0,
      time: 0,
      process: 'nemesis',
      type: 'info',
      f: 'start',
      value: null,
    };
    const ops = toHistory([
      { f: 'add', input: 2, output: 2, status: 'ok', call: 0, ret: 1 },
      { f: 'read', input: null, output: 2, status: 'ok', call: 2, ret: 3 },
    ]);
    const history = [nemesis, ...ops.map((o) => ({ ...o, index: o.index + 1 }))];
    const r = await checkLinearizability(history, { model: counter });
    assert.equal(r.valid, true);
    assert.equal(r.model, 'counter');
    assert.equal(r.opCount, 2);
  });

  it('an unknown model is a RedcheckError listing the known ones', async () => {
    await assert.rejects(
      checkLinearizability([], { model: 'nope' }),
      (e: unknown) =>
        e instanceof RedcheckError &&
        e.code === 'E_UNKNOWN_MODEL' &&
        MODEL_NAMES.every((m) => e.message.includes(m)),
    );
  });

  it('a completion without an invoke, or an op the model cannot read, is a RedcheckError', async () => {
    const orphan: Op[] = [{ index: 0, time: 0, process: 1, type: 'ok', f: 'read', value: 1 }];
    await assert.rejects(
      checkLinearizability(orphan, { model: 'cas-register' }),
      /has no pending invoke/,
    );
    const badCas = toHistory([{ f: 'cas', input: 3, output: 3, status: 'ok', call: 0, ret: 1 }]);
    await assert.rejects(
      checkLinearizability(badCas, { model: 'cas-register' }),
      /cas with value \[old new\]/,
    );
  });

  it('a model that throws gives unknown with the error, not a crash', async () => {
    const broken = defineModel<number, number>({
      name: 'broken',
      init: () => 0,
      input: () => 1,
      step: () => {
        throw new Error('boom');
      },
    });
    const history = toHistory([{ f: 'write', input: 1, output: 1, status: 'ok', call: 0, ret: 1 }]);
    const r = await checkLinearizability(history, { model: broken });
    assert.equal(r.valid, 'unknown');
    assert.equal(r.error, 'boom');
  });
});
