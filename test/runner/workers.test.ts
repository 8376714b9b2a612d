import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkSet } from '../../src/checker/set.js';
import { createMode } from '../../src/client/createMode.js';
import { fixedTarget } from '../../src/client/fixedTarget.js';
import { HistoryWriter, readHistory } from '../../src/history/jsonl.js';
import type { Op } from '../../src/history/op.js';
import { startClock } from '../../src/runner/clock.js';
import { modeWriter } from '../../src/runner/modeWriter.js';
import { createRateLimiter } from '../../src/runner/rateLimiter.js';
import { runWorkers, type WorkerCounters } from '../../src/runner/workers.js';
import { setWorkload } from '../../workloads/set/index.js';
import {
  putToSleep,
  requireRedisServer,
  startRedis,
  until,
  type RedisServer,
} from '../support/redisServer.js';

const CONCURRENCY = 4;

describe('runner workers against a real redis-server', function () {
  this.timeout(60_000);
  let server: RedisServer;
  let dir: string;

  before(async function () {
    requireRedisServer(this);
    server = await startRedis();
    dir = mkdtempSync(join(tmpdir(), 'redcheck-workers-'));
  });
  after(async () => {
    await server?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('records one op at a time per process in time order, moves on after info, and the set checks valid', async () => {
    const file = join(dir, 'history.jsonl');
    const history = HistoryWriter.open(file);
    const mode = createMode('async');
    const writers = Array.from({ length: CONCURRENCY }, (_, i) =>
      modeWriter({
        mode,
        target: fixedTarget({ host: server.host, port: server.port }),
        opTimeoutMs: 200,
        nodeName: () => 'n1',
        connectionName: `w${i}`,
      }),
    );
    const counters: WorkerCounters = { ok: 0, fail: 0, info: 0, inFlight: 0 };
    const abort = new AbortController();
    const running = runWorkers(
      {
        writers,
        workload: setWorkload,
        history,
        clock: startClock(),
        rate: createRateLimiter(null),
        deadlineMs: 60_000,
        signal: abort.signal,
      },
      counters,
    );
    await until('100 ok writes', () => Promise.resolve(counters.ok >= 100));
    // Asleep for longer than the op timeout: the writes in flight time out (info).
    const { awake } = await putToSleep(server, 0.6);
    await awake;
    const okAfter = counters.ok + 100;
    await until('100 more ok writes', () => Promise.resolve(counters.ok >= okAfter));
    abort.abort();
    await running;
    await Promise.all(writers.map((w) => w.close()));
    await history.close();

    const ops = await readHistory(file);
    assert.ok(counters.info > 0, 'writes in flight during the sleep are info');
    const open = new Map<number, Op>();
    const retired = new Set<number>();
    let lastTime = 0;
    for (const op of ops) {
      // A completion is appended after the next op is sent: the file's order is still the
      // order of the times, across processes.
      assert.ok(op.time >= lastTime, `op ${op.index} at ${op.time} after one at ${lastTime}`);
      lastTime = op.time;
      assert.equal(typeof op.process, 'number');
      const p = op.process as number;
      assert.ok(!retired.has(p), `process ${p} reused after info`);
      if (op.type === 'invoke') {
        assert.ok(!open.has(p), `process ${p} has two ops in flight`);
        open.set(p, op);
      } else {
        assert.equal(open.get(p)?.value, op.value, `completion of ${p} matches its invoke`);
        open.delete(p);
        if (op.type === 'info') retired.add(p);
      }
    }
    assert.equal(open.size, 0, 'every invoke completed');
    const processes = new Set(ops.map((o) => o.process as number));
    assert.ok(processes.size > CONCURRENCY, 'new process ids after info');
    for (const p of processes) assert.ok(p >= 0);

    const admin = server.admin();
    try {
      const { set, list } = await setWorkload.finalRead(admin);
      const r = checkSet({ history: ops, finalReads: [{ node: 'n1', primary: true, set, list }] });
      assert.equal(r.valid, true, JSON.stringify({ ...r, lostWrites: r.lostWrites.slice(0, 3) }));
      assert.equal(r.acknowledged, counters.ok);
    } finally {
      admin.disconnect();
    }
  });
});
