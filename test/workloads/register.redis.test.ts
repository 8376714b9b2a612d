import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Redis } from 'ioredis';
import { createMode } from '../../src/client/createMode.js';
import { fixedTarget } from '../../src/client/fixedTarget.js';
import type { CommandChannel } from '../../src/client/channel.js';
import { MODE_NAMES, type Mode, type ModeName } from '../../src/client/mode.js';
import { casCommand, casMode, watchCasMode } from '../../src/client/modes/casMode.js';
import { Session } from '../../src/client/session.js';
import { HistoryWriter, readHistory } from '../../src/history/jsonl.js';
import { startClock } from '../../src/runner/clock.js';
import { modeWriter } from '../../src/runner/modeWriter.js';
import { createRateLimiter } from '../../src/runner/rateLimiter.js';
import { runWorkers, type WorkerCounters } from '../../src/runner/workers.js';
import { REGISTER_KEYS, registerWorkload } from '../../workloads/register/index.js';
import { requireRedisServer, startRedis, until, type RedisServer } from '../support/redisServer.js';

const modeFor = (name: ModeName) => createMode(name, { waitReplicas: 1, waitTimeoutMs: 2000 });

describe('register workload against a real redis-server', function () {
  this.timeout(60_000);
  let primary: RedisServer;
  let replica: RedisServer;
  let admin: Redis;
  let dir: string;

  before(async function () {
    requireRedisServer(this);
    primary = await startRedis();
    replica = await startRedis({ config: [`replicaof ${primary.host} ${primary.port}`] });
    admin = primary.admin();
    const replicaAdmin = replica.admin();
    await until('replica online', async () =>
      ((await replicaAdmin.call('INFO', 'replication')) as string).includes(
        'master_link_status:up',
      ),
    );
    replicaAdmin.disconnect();
    dir = mkdtempSync(join(tmpdir(), 'redcheck-register-'));
  });
  after(async () => {
    admin?.disconnect();
    await replica?.stop();
    await primary?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  for (const name of MODE_NAMES) {
    it(`${name}: cas sets the value when it is the expected one, else fails and changes nothing`, async () => {
      const key = `{cas-${name}}`;
      await admin.set(key, '1');
      await using session = new Session(fixedTarget(primary));
      const cas = casMode(modeFor(name));
      const hit = await session.write(cas, [casCommand(key, '1', '2')]);
      assert.equal(hit.outcome.type, 'ok', hit.outcome.error);
      assert.equal(await admin.get(key), '2');
      const miss = await session.write(cas, [casCommand(key, '1', '3')]);
      assert.equal(miss.outcome.type, 'fail');
      assert.match(miss.outcome.error ?? '', /not the expected one/);
      assert.equal(await admin.get(key), '2');
    });

    it(`${name}: cas on a replica fails and writes nothing`, async () => {
      const key = `{cas-ro-${name}}`;
      await admin.set(key, '1');
      const replicaAdmin = replica.admin();
      await until('the key on the replica', async () => (await replicaAdmin.get(key)) === '1');
      await using session = new Session(fixedTarget(replica));
      const { outcome } = await session.write(casMode(modeFor(name)), [casCommand(key, '1', '2')]);
      assert.equal(outcome.type, 'fail');
      assert.match(outcome.error ?? '', name === 'multi' ? /^EXECABORT/ : /^READONLY/);
      assert.equal(await admin.get(key), '1');
      replicaAdmin.disconnect();
    });
  }

  it('multi: a change of the key after WATCH makes EXEC null: fail, the other write stays', async () => {
    const key = '{cas-watch}';
    await admin.set(key, '1');
    await using session = new Session(fixedTarget(primary));
    const other = primary.admin();
    // Wraps the connection so that, once GET has answered (after WATCH), another client
    // changes the key before MULTI/SET/EXEC are sent.
    const sneaky: Mode = {
      name: 'multi',
      write: (commands, context) => {
        const channel: CommandChannel = {
          async send(batch, timeoutMs) {
            const result = await context.channel.send(batch, timeoutMs);
            if (batch.some(([name]) => name === 'GET')) await other.set(key, '9');
            return result;
          },
        };
        return watchCasMode().write(commands, { ...context, channel });
      },
    };
    const { outcome } = await session.write(sneaky, [casCommand(key, '1', '2')]);
    other.disconnect();
    assert.equal(outcome.type, 'fail');
    assert.match(outcome.error ?? '', /EXEC returned null/);
    assert.equal(await admin.get(key), '9');
  });

  for (const [name, readFrom] of [
    ['async', 'primary'],
    ['multi', 'primary'],
    ['lua', 'primary'],
    ['wait', 'primary'],
    ['async', 'replica'],
  ] as const) {
    it(`${name} + reads on the ${readFrom}: workers run the workload and the history checks`, async () => {
      await admin.del(...REGISTER_KEYS);
      const file = join(dir, `history-${name}-${readFrom}.jsonl`);
      const history = HistoryWriter.open(file);
      const mode = modeFor(name);
      const writers = Array.from({ length: 5 }, (_, i) =>
        modeWriter({
          mode,
          target: fixedTarget(primary, [replica]),
          opTimeoutMs: 1000,
          nodeName: (host) => host,
          connectionName: `w${i}`,
          readFrom,
        }),
      );
      const counters: WorkerCounters = { ok: 0, fail: 0, info: 0, inFlight: 0 };
      await runWorkers(
        {
          writers,
          workload: registerWorkload,
          history,
          clock: startClock(),
          rate: createRateLimiter(null),
          deadlineMs: 1500,
          signal: new AbortController().signal,
        },
        counters,
      );
      await Promise.all(writers.map((w) => w.close()));
      await history.close();
      const ops = await readHistory(file);
      // The initial writes come first, one per key, by process 0.
      assert.deepEqual(
        ops.slice(0, 2 * REGISTER_KEYS.length).map((o) => [o.type, o.f, o.key, o.value]),
        REGISTER_KEYS.flatMap((k) => [
          ['invoke', 'write', k, 0],
          ['ok', 'write', k, 0],
        ]),
      );
      const oks = (f: string) => ops.filter((o) => o.type === 'ok' && o.f === f).length;
      assert.ok(oks('read') > 0 && oks('write') > 0 && oks('cas') > 0, 'every function succeeded');
      assert.ok(ops.every((o) => o.key !== undefined && REGISTER_KEYS.includes(o.key)));
      assert.ok(
        ops.some(
          (o) => o.type === 'ok' && o.f === 'read' && typeof o.value === 'number' && o.value > 0,
        ),
        'reads see written values',
      );
      const { linearizable } = await registerWorkload.check({
        history: ops,
        reads: [],
        faults: [],
        checkTimeLimitMs: 20_000,
      });
      const casFails = ops.filter((o) => o.type === 'fail' && o.f === 'cas').length;
      console.log(
        `      measured: ${counters.ok + counters.fail + counters.info} ops in 1.5 s ` +
          `(${oks('cas')} cas ok, ${casFails} cas fail), linearizable ${String(linearizable?.valid)}`,
      );
      if (readFrom === 'primary') assert.equal(linearizable?.valid, true);
      else assert.notEqual(linearizable?.valid, undefined);
    });
  }
});
