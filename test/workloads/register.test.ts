import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readStoredRun as readRun } from '../../src/store/index.js';
import { renderRunPage } from '../../reports/runPage.js';
import { HistoryWriter } from '../../src/history/jsonl.js';
import type { Op } from '../../src/history/op.js';
import { casArgs } from '../../src/client/modes/casMode.js';
import {
  REGISTER_KEYS,
  checkRegister,
  registerInitialOps,
  registerOp,
  registerWorkload,
} from '../../workloads/register/index.js';
import { workloadNamed } from '../../workloads/index.js';

/** A sequential history: each op invoked and completed `ok` by process 0, in order. */
function sequential(ops: { f: string; key: string; value: unknown; out?: unknown }[]): Op[] {
  const history: Op[] = [];
  for (const o of ops) {
    const base = { process: 0, f: o.f, key: o.key };
    history.push({
      ...base,
      index: history.length,
      time: history.length,
      type: 'invoke',
      value: o.f === 'read' ? null : o.value,
    });
    history.push({
      ...base,
      index: history.length,
      time: history.length,
      type: 'ok',
      value: o.f === 'read' ? o.out : o.value,
    });
  }
  return history;
}

describe('register workload: generator', () => {
  it('is registered and pure: the same n gives the same op', () => {
    assert.equal(workloadNamed('register'), registerWorkload);
    for (let n = 0; n < 200; n++) {
      assert.deepEqual(JSON.stringify(registerOp(n)), JSON.stringify(registerOp(n)));
    }
  });

  it('spreads ops over the keys and the three functions, each op carrying its key', () => {
    const byF = new Map<string, number>();
    const byKey = new Map<string, number>();
    for (let n = 0; n < 3000; n++) {
      const op = registerOp(n);
      assert.ok(op.key !== undefined && REGISTER_KEYS.includes(op.key));
      byF.set(op.f, (byF.get(op.f) ?? 0) + 1);
      byKey.set(op.key, (byKey.get(op.key) ?? 0) + 1);
    }
    assert.deepEqual([...byF.keys()].sort(), ['cas', 'read', 'write']);
    for (const count of byF.values()) assert.ok(count > 500, `a function is too rare: ${count}`);
    assert.deepEqual([...byKey.values()], [1000, 1000, 1000]);
  });

  it('writes unique values per key (never the initial 0); reads are GETs recorded as numbers', () => {
    const seen = new Map<string, Set<number>>(REGISTER_KEYS.map((k) => [k, new Set([0])]));
    for (let n = 0; n < 3000; n++) {
      const op = registerOp(n);
      const key = op.key as string;
      if (op.kind === 'read') {
        assert.deepEqual(op.command, ['GET', key]);
        assert.equal(op.value, null);
        assert.equal(op.parse('17'), 17);
        assert.equal(op.parse(null), null);
        continue;
      }
      const written = op.kind === 'cas' ? (op.value as number[])[1] : (op.value as number);
      assert.ok(typeof written === 'number');
      assert.ok(!seen.get(key)?.has(written), `value ${written} written twice on ${key}`);
      seen.get(key)?.add(written);
      if (op.kind === 'cas') {
        const [old, next] = op.value as [number, number];
        assert.deepEqual(casArgs(op.commands[0]), [key, String(old), String(next)]);
        assert.ok(seen.get(key)?.has(old), `cas expects ${old}, which no earlier op wrote`);
      } else {
        assert.deepEqual(op.commands, [['SET', key, String(written)]]);
      }
    }
  });

  it('a cas expects the value of the last write or cas on its key, so run in order it succeeds', () => {
    const current = new Map<string, number>(REGISTER_KEYS.map((k) => [k, 0]));
    for (let n = 0; n < 1000; n++) {
      const op = registerOp(n);
      const key = op.key as string;
      if (op.kind === 'cas') {
        const [old, next] = op.value as [number, number];
        assert.equal(old, current.get(key));
        current.set(key, next);
      } else if (op.kind !== 'read') current.set(key, op.value as number);
    }
  });

  it('initial ops write 0 to every key', () => {
    assert.deepEqual(
      registerInitialOps().map((o) => [o.f, o.key, o.value]),
      REGISTER_KEYS.map((k) => ['write', k, 0]),
    );
    assert.equal(registerWorkload.initialOps?.length, REGISTER_KEYS.length);
  });
});

describe('register workload: checker', () => {
  const k = REGISTER_KEYS[0] as string;
  const j = REGISTER_KEYS[1] as string;

  it('a sequential history of the generator, read as run, is linearizable per key', async () => {
    const current = new Map<string, number>();
    const ops: { f: string; key: string; value: unknown; out?: unknown }[] = [];
    for (const op of registerInitialOps()) {
      current.set(op.key as string, 0);
      ops.push({ f: 'write', key: op.key as string, value: 0 });
    }
    for (let n = 0; n < 300; n++) {
      const op = registerOp(n);
      const key = op.key as string;
      if (op.kind === 'read') ops.push({ f: 'read', key, value: null, out: current.get(key) });
      else {
        ops.push({ f: op.f, key, value: op.value });
        current.set(
          key,
          op.kind === 'cas' ? ((op.value as number[])[1] as number) : (op.value as number),
        );
      }
    }
    const r = await checkRegister(sequential(ops), 10_000);
    assert.equal(r.valid, true);
    assert.equal(r.model, 'cas-register');
    assert.deepEqual(Object.keys(r.keys).sort(), [...REGISTER_KEYS].sort());
    for (const v of Object.values(r.keys)) assert.equal(v, true);
  });

  it('a stale read makes its key invalid, with capped evidence; the other key is not blamed', async () => {
    const history = sequential([
      { f: 'write', key: k, value: 0 },
      { f: 'write', key: j, value: 0 },
      { f: 'write', key: k, value: 1 },
      { f: 'write', key: j, value: 2 },
      { f: 'read', key: k, value: null, out: 0 },
      { f: 'read', key: j, value: null, out: 2 },
    ]);
    const r = await checkRegister(history, 10_000);
    assert.equal(r.valid, false);
    assert.equal(r.keys[k], false);
    // The search stops at the first violation, so the other key is true or unknown.
    assert.notEqual(r.keys[j], false);
    const bad = r.partitions.find((p) => p.key === k);
    assert.ok(bad?.evidence, 'evidence for the bad key');
    assert.equal(bad.evidence.longestPrefixes.length, 1);
    assert.equal(bad.evidence.prefixOmitted, 0);
    assert.ok(
      bad.evidence.stuck.some((s) => s.index === 8),
      'the stale read is stuck',
    );
  });

  it('through the workload interface the entry is called linearizable', async () => {
    const history = sequential([
      { f: 'write', key: k, value: 0 },
      { f: 'read', key: k, value: null, out: 0 },
    ]);
    const out = await registerWorkload.check({
      history,
      reads: [],
      faults: [],
      checkTimeLimitMs: 5_000,
    });
    assert.deepEqual(Object.keys(out), ['linearizable']);
    assert.equal(out.linearizable?.valid, true);
  });
});

describe('register workload: run page', () => {
  it('draws Porcupine-style lanes for a non-linearizable key of the linearizable entry', async () => {
    const k = REGISTER_KEYS[0] as string;
    const history = sequential([
      { f: 'write', key: k, value: 0 },
      { f: 'write', key: k, value: 1 },
      { f: 'read', key: k, value: null, out: 0 },
    ]);
    const dir = mkdtempSync(join(tmpdir(), 'redcheck-register-page-'));
    try {
      const writer = HistoryWriter.open(join(dir, 'history.jsonl'));
      for (const op of history) writer.append(op);
      await writer.close();
      const out = await registerWorkload.check({ history, reads: [], faults: [] });
      assert.equal(out.linearizable?.valid, false);
      const results = {
        schemaVersion: 1,
        run: 'r1',
        valid: false,
        seed: 1,
        scenario: {
          topology: 'replication',
          mode: 'async',
          workload: 'register',
          nemesis: [],
          persistence: 'none',
          redis: '7.0',
          timeLimitMs: 1000,
          concurrency: 1,
        },
        checkers: out,
        faults: [],
        phases: {},
        command: 'redcheck run --workload register',
        startedAt: new Date(0).toISOString(),
      };
      writeFileSync(join(dir, 'results.json'), JSON.stringify(results));
      const html = await renderRunPage(readRun(dir));
      assert.match(html, /id="linearizability"/);
      assert.ok(html.includes(k), 'the page names the key');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
