import assert from 'node:assert/strict';
import { describe, it } from 'mocha';
import { checkListAppend, txnProblem, type MicroOp } from '../../src/checker/elle/index.js';
import type { Op } from '../../src/history/op.js';
import type { RedisCommand } from '../../src/client/redisCommand.js';
import { ACTIVE_KEYS, appendKey, appendOp, appendWorkload } from '../../workloads/append/index.js';
import { cycleSvg } from '../../reports/sections/appendSection.js';
import { toJepsenEdn } from '../../src/history/jepsen.js';
import { parseTxnHistoryText } from '../../src/checker/elle/index.js';

/** The commands of a transaction, whether it is a write or a one-read op. */
function commandsOf(op: ReturnType<typeof appendOp>): RedisCommand[] {
  return op.kind === 'read' ? [op.command] : op.commands;
}

/** A serial execution of the first `count` transactions against an in-memory Redis of lists. */
function serialHistory(count: number): Op[] {
  const lists = new Map<string, number[]>();
  const ops: Op[] = [];
  for (let n = 0; n < count; n++) {
    const op = appendOp(n);
    const replies = commandsOf(op).map(([name, key, v]) => {
      const list = lists.get(String(key)) ?? [];
      lists.set(String(key), list);
      if (name === 'RPUSH') return list.push(Number(v));
      return list.map(String);
    });
    const time = n * 10;
    ops.push({ index: ops.length, time, process: n % 3, type: 'invoke', f: op.f, value: op.value });
    const value = op.kind === 'read' ? op.parse(replies[0]) : op.complete?.(replies);
    ops.push({ index: ops.length, time: time + 5, process: n % 3, type: 'ok', f: op.f, value });
  }
  return ops;
}

describe('append workload', () => {
  it('makes Elle transactions of 1 to 4 micro-ops, appends unique per key, on one hash tag', () => {
    const seen = new Set<string>();
    for (let n = 0; n < 2000; n++) {
      const op = appendOp(n);
      assert.equal(op.f, 'txn');
      assert.equal(txnProblem(op.value), undefined);
      const mops = op.value as MicroOp[];
      assert.ok(mops.length >= 1 && mops.length <= 4);
      assert.equal(commandsOf(op).length, mops.length);
      // One read alone is a read op (so it can go to a replica); anything else a transaction.
      assert.equal(op.kind === 'read', mops.length === 1 && mops[0]?.[0] === 'r');
      mops.forEach((m, i) => {
        const cmd = commandsOf(op)[i];
        assert.equal(cmd?.[1], appendKey(Number(m[1])));
        assert.match(String(cmd?.[1]), /^\{append\}:/);
        if (m[0] === 'append') {
          const id = `${m[1]}/${m[2]}`;
          assert.ok(!seen.has(id), `value appended twice: ${id}`);
          seen.add(id);
        }
      });
      // Pure: the same n gives the same transaction.
      assert.deepEqual(appendOp(n).value, op.value);
      assert.deepEqual(commandsOf(appendOp(n)), commandsOf(op));
    }
  });

  it('keeps each list short: a key takes appends only while it is in the window', () => {
    const appends = new Map<number, number>();
    for (let n = 0; n < 20_000; n++) {
      for (const m of appendOp(n).value as MicroOp[]) {
        if (m[0] === 'append') appends.set(Number(m[1]), (appends.get(Number(m[1])) ?? 0) + 1);
      }
    }
    const most = Math.max(...appends.values());
    assert.ok(most < 80, `a key took ${most} appends (window of ${ACTIVE_KEYS})`);
  });

  it('a serial execution of its transactions is valid under strict serializability', () => {
    const history = serialHistory(3000);
    const r = appendWorkload.check({ history, reads: [], faults: [] }) as {
      append: ReturnType<typeof checkListAppend>;
    };
    assert.equal(r.append.valid, true, JSON.stringify(r.append.counts));
    assert.ok(r.append.stats.edges > 0);
    assert.match(appendWorkload.summary(r)[0] ?? '', /append: true under strict-serializable/);
  });

  it('a stale read is found, and its cycle draws as an SVG with every value escaped', () => {
    const history = serialHistory(400);
    // Make one read miss the last element it saw: a read of an older version, later in time.
    const victim = history.findLastIndex(
      (op) =>
        op.type === 'ok' &&
        (op.value as MicroOp[]).some((m) => m[0] === 'r' && Array.isArray(m[2]) && m[2].length > 2),
    );
    const op = history[victim] as Op;
    op.value = (op.value as MicroOp[]).map((m) =>
      m[0] === 'r' && Array.isArray(m[2]) && m[2].length > 2 ? ['r', m[1], m[2].slice(0, -1)] : m,
    );
    const r = checkListAppend(history);
    assert.equal(r.valid, false);
    const cycles = Object.values(r.anomalies)
      .flat()
      .filter((a) => 'edges' in a);
    assert.ok(cycles.length > 0, `no cycle among ${r.anomalyTypes.join(', ')}`);
    const cycle = cycles[0] as Parameters<typeof cycleSvg>[0];
    const evil = {
      ...cycle,
      explanation: '<script>x</script>',
      txns: cycle.txns.map((t) => ({ ...t, value: '<img>' })),
    };
    const svg = cycleSvg(evil).markup;
    assert.match(svg, /^<svg class="cycle"/);
    assert.equal((svg.match(/<circle/g) ?? []).length, cycle.txns.length);
    assert.equal((svg.match(/data-edge=/g) ?? []).length, cycle.edges.length);
    assert.ok(!svg.includes('<img>'));
  });

  it('reads its stored final state back, and refuses a malformed one', () => {
    assert.deepEqual(appendWorkload.parseState({ '{append}:3': [1, 2] }), { '{append}:3': [1, 2] });
    assert.throws(() => appendWorkload.parseState({ '{append}:3': ['x'] }), /list of numbers/);
    assert.throws(() => appendWorkload.parseState([]), /expected/);
  });

  it('exports to EDN as Elle reads it (micro-ops as keywords), and reads back to the same verdict', () => {
    const history = serialHistory(300);
    const edn = toJepsenEdn(history);
    assert.match(edn, /:f :txn, :value \[\[:(append|r) /);
    const back = parseTxnHistoryText(edn, 'export.edn');
    const a = checkListAppend(history);
    const b = checkListAppend(back.ops);
    assert.equal(b.valid, a.valid);
    assert.equal(b.stats.edges, a.stats.edges);
  });
});
