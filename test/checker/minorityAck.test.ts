import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  explainLosses,
  lostWriteColumnsOf,
  minorityAckCuts,
  minorityAckMsOf,
  ProbeAckCollector,
  ProbeAcks,
  type FaultEvidence,
} from '../../src/checker/lossCauses/index.js';
import { parseJepsenEdn, toJepsenEdn } from '../../src/history/jepsen.js';
import { decodeJsonl } from '../../src/history/jsonl.js';
import { isClientOp, type Op, type OpType } from '../../src/history/op.js';

const S = 1e9;
const MS = 1e6;

/** A probe history: `lane` writes to `node` sent at `at` and answered `rtt` later. */
class ProbeHistory {
  readonly ops: Op[] = [];
  write(lane: string, node: string, at: number, rtt: number, type: OpType, error?: string): void {
    const base = { index: this.ops.length, process: 'probe' as const, f: 'probe', value: lane };
    this.ops.push({ ...base, time: at, type: 'invoke' });
    this.ops.push({
      ...base,
      index: this.ops.length,
      time: at + rtt,
      type,
      node,
      ...(error === undefined ? {} : { error }),
    });
  }
}

const cut = (o: Partial<FaultEvidence> = {}): FaultEvidence => ({
  index: 0,
  fault: 'partition',
  start: 10 * S,
  end: 20 * S,
  nodes: ['n1', 'n2', 'n3', 'n4', 'n5', 'n6'],
  minority: ['n2'],
  ...o,
});

function collect(ops: readonly Op[]): ProbeAckCollector {
  const c = new ProbeAckCollector();
  for (const op of ops) c.push(op);
  return c;
}

describe('cluster minority window (the probe)', () => {
  /**
   * n2 is cut at 10 s. The lane from its own zone (c2) is acknowledged every 200 ms until
   * 12.3 s, then refused (CLUSTERDOWN); the lanes from the other zones time out; n5 (a
   * replica until it takes over) answers MOVED.
   */
  function story(): ProbeHistory {
    const h = new ProbeHistory();
    for (let t = 5 * S; t < 20 * S; t += 200 * MS) {
      const refused = t >= 10 * S + 2300 * MS;
      h.write(
        'c2>n2',
        'n2',
        t,
        1 * MS,
        refused ? 'fail' : 'ok',
        refused ? 'CLUSTERDOWN The cluster is down' : undefined,
      );
      h.write('c1>n5', 'n5', t, 1 * MS, 'fail', 'MOVED 1234 10.0.0.5:6379');
      if (t < 10 * S) h.write('c1>n2', 'n2', t, 1 * MS, 'ok');
      else h.write('c1>n2', 'n2', t, 1000 * MS, 'info', 'Command timed out');
    }
    return h;
  }

  it('the last acknowledgement of a write sent after the cut, minus the cut, per cut primary', () => {
    const c = collect(story().ops);
    const cuts = minorityAckCuts(c.acks, [cut({ minority: ['n2', 'n5'] })]);
    assert.equal(cuts.length, 1);
    // The last write acknowledged was sent at 12.2 s and answered 1 ms later.
    assert.deepEqual(cuts[0]?.nodes, [
      { node: 'n2', lastAck: 10 * S + 2201 * MS, ackMs: 2201, refusedAt: 10 * S + 2401 * MS },
    ]);
    assert.equal(cuts[0]?.ackMs, 2201);
    assert.equal(minorityAckMsOf(cuts), 2201);
    // n5 answered MOVED throughout: no primary at the cut, not listed.
    assert.equal(c.counts.info, 50);
  });

  it('a write sent before the cut and answered after it does not count; nothing after the heal counts', () => {
    const h = new ProbeHistory();
    h.write('c2>n2', 'n2', 9.9 * S, 500 * MS, 'ok'); // sent before the cut
    h.write('c2>n2', 'n2', 10.5 * S, 1 * MS, 'ok');
    h.write('c2>n2', 'n2', 21 * S, 1 * MS, 'ok'); // after the heal at 20 s
    const [c] = minorityAckCuts(collect(h.ops).acks, [cut()]);
    assert.equal(c?.nodes[0]?.lastAck, 10.5 * S + 1 * MS);
    assert.equal(c?.ackMs, 501);
  });

  it('a primary that stopped at once has a window of 0; a cut of replicas only, or with no probe data, has none', () => {
    const h = new ProbeHistory();
    h.write('c2>n2', 'n2', 9 * S, 1 * MS, 'ok');
    h.write('c2>n2', 'n2', 10.1 * S, 1 * MS, 'fail', 'CLUSTERDOWN The cluster is down');
    const cuts = minorityAckCuts(collect(h.ops).acks, [cut(), cut({ index: 1, minority: ['n4'] })]);
    assert.deepEqual(cuts, [
      {
        fault: 0,
        start: 10 * S,
        end: 20 * S,
        nodes: [{ node: 'n2', ackMs: 0, refusedAt: 10.1 * S + 1 * MS }],
        ackMs: 0,
      },
    ]);
    assert.equal(minorityAckMsOf([]), undefined);
    // A kill is not a partition: no minority, no window.
    assert.deepEqual(
      minorityAckCuts(collect(h.ops).acks, [cut({ minority: undefined, fault: 'kill' })]),
      [],
    );
  });

  it('only probe ops are read, paired by lane; a connect failure is not a refusal', () => {
    const h = new ProbeHistory();
    h.write('c1>n2', 'n2', 10.2 * S, 1000 * MS, 'fail', 'connect ETIMEDOUT 10.0.0.2:6379');
    const ops: Op[] = [
      { index: 0, time: 10.1 * S, process: 3, type: 'invoke', f: 'add', value: 1 },
      { index: 1, time: 10.3 * S, process: 3, type: 'ok', f: 'add', value: 1, node: 'n2' },
      ...h.ops,
    ];
    const c = collect(ops);
    assert.equal(c.acks.count, 0);
    assert.deepEqual(c.counts, { ok: 0, fail: 1, info: 0 });
    assert.ok(c.seen);
    assert.equal(collect(ops.slice(0, 2)).seen, false);
  });

  it('property: the window equals a recount over the ops, by definition', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            lane: fc.constantFrom('c1>n1', 'c2>n2', 'c3>n2', 'c1>n3'),
            at: fc.integer({ min: 0, max: 30_000 }),
            rtt: fc.integer({ min: 0, max: 1500 }),
            type: fc.constantFrom<OpType>('ok', 'ok', 'fail', 'info'),
          }),
          { maxLength: 200 },
        ),
        fc.integer({ min: 1000, max: 20_000 }),
        fc.integer({ min: 500, max: 10_000 }),
        (writes, startMs, lengthMs) => {
          // A lane runs one write at a time: order each lane's writes by time, one after another.
          const h = new ProbeHistory();
          const byLane = new Map<string, number>();
          for (const w of [...writes].sort((a, b) => a.at - b.at)) {
            const at = Math.max(w.at, byLane.get(w.lane) ?? 0) * MS;
            byLane.set(w.lane, at / MS + w.rtt + 1);
            const node = w.lane.split('>')[1] as string;
            h.write(
              w.lane,
              node,
              at,
              w.rtt * MS,
              w.type,
              w.type === 'fail' ? 'CLUSTERDOWN down' : undefined,
            );
          }
          // The collector pairs per lane, so ops of several lanes may interleave in any order.
          const ops = [...h.ops].sort((a, b) => a.time - b.time || (a.type === 'invoke' ? 1 : -1));
          const start = startMs * MS;
          const end = start + lengthMs * MS;
          const cuts = minorityAckCuts(collect(ops).acks, [
            cut({ start, end, minority: ['n2', 'n3'] }),
          ]);
          for (const node of ['n2', 'n3']) {
            const pairs: { invoke: number; done: Op }[] = [];
            const pending = new Map<string, number>();
            for (const op of ops) {
              if (op.type === 'invoke') pending.set(String(op.value), op.time);
              else pairs.push({ invoke: pending.get(String(op.value)) as number, done: op });
            }
            const mine = pairs.filter((p) => p.done.node === node && p.done.type === 'ok');
            const after = mine.filter((p) => p.invoke >= start && p.done.time <= end);
            const before = mine.some((p) => p.done.time < start && p.done.time >= start - 3 * S);
            const got = cuts[0]?.nodes.find((n) => n.node === node);
            if (after.length === 0 && !before) {
              assert.equal(got, undefined);
              continue;
            }
            const last =
              after.length === 0 ? undefined : Math.max(...after.map((p) => p.done.time));
            assert.equal(got?.lastAck, last);
            assert.equal(got?.ackMs, last === undefined ? 0 : Math.round((last - start) / MS));
          }
        },
      ),
      { seed: 21, numRuns: 200 },
    );
  });

  it('the cluster-minority sentence and evidence carry the probe window', () => {
    const c = collect(story().ops);
    const faults = [cut({ cutMs: 300 })];
    const lost = lostWriteColumnsOf(
      Array.from({ length: 5 }, (_, i) => ({
        element: `e${i}`,
        ack: 10 * S + i * 400 * MS,
        node: 'n2',
      })),
    );
    const r = explainLosses(lost, {
      topology: 'cluster',
      persistence: 'none',
      clusterNodeTimeoutMs: 2000,
      nodes: ['n1', 'n2', 'n3', 'n4', 'n5', 'n6'],
      faults,
      failovers: [{ time: 14 * S, from: 'n2', to: 'n5' }],
      minorityAck: minorityAckCuts(c.acks, faults),
    });
    assert.equal(r.counts['cluster-minority'], 5);
    const g = r.groups[0];
    assert.match(
      g?.sentence ?? '',
      /the probe saw it acknowledge for 2\.20 s after the cut \(1\.90 s after the cut's last rule, 300 ms after its first\), then refuse writes from t = 12\.4 s/,
    );
    assert.equal(g?.evidence.minorityAckMs, 2201);
    assert.equal(g?.evidence.cutMs, 300);
    assert.equal(g?.evidence.probeLastAckAt, 10 * S + 2201 * MS);
  });

  it('ProbeAcks grows past its first columns', () => {
    const a = new ProbeAcks();
    for (let i = 0; i < 1000; i++) a.push(i, i + 1, `n${i % 3}`, i % 2 === 0);
    assert.equal(a.count, 1000);
    assert.deepEqual(a.row(999), { invoke: 999, time: 1000, node: 'n0', acked: false });
  });

  it('a node that came back holding only the probe keys (one per zone) restarted empty', () => {
    const kill: FaultEvidence = {
      index: 0,
      fault: 'kill',
      start: 10 * S,
      end: 11 * S,
      nodes: ['n1'],
    };
    const observed = (keys: number) => ({
      intervalMs: 200,
      samples: 100,
      roles: [],
      restarts: [{ time: 11.1 * S, node: 'n1', keys, keysBefore: 40 }],
      resyncs: [],
      saves: [],
      persistence: [{ node: 'n1', aof: false, rdb: true }],
    });
    const lost = lostWriteColumnsOf([{ element: 'e1', ack: 9 * S, node: 'n1' }]);
    const base = {
      topology: 'cluster',
      persistence: 'rdb',
      nodes: ['n1', 'n2', 'n3'],
      faults: [kill],
      failovers: [],
    };
    const withProbe = explainLosses(lost, { ...base, observed: observed(6), probeKeysPerNode: 6 });
    assert.equal(withProbe.counts.wiped, 1);
    assert.equal(withProbe.groups[0]?.evidence.emptyFrom, 'observed');
    // Without the probe, 6 keys are data: it restarted from its snapshot.
    const without = explainLosses(lost, { ...base, observed: observed(6) });
    assert.equal(without.counts.wiped, 0);
    assert.equal(without.counts['older-snapshot'], 1);
  });

  it('probe ops survive jsonl and Jepsen EDN, and are never client ops', async () => {
    const h = new ProbeHistory();
    h.write('c2>n2', 'n2', 10 * S, 1 * MS, 'ok');
    assert.ok(h.ops.every((op) => !isClientOp(op)));
    const edn = parseJepsenEdn(toJepsenEdn(h.ops), 'h.edn');
    assert.deepEqual(
      edn.map((op) => [op.process, op.type, op.f, op.node]),
      [
        ['probe', 'invoke', 'probe', undefined],
        ['probe', 'ok', 'probe', 'n2'],
      ],
    );
    const text = h.ops.map((op) => JSON.stringify(op)).join('\n') + '\n';
    const read: Op[] = [];
    for await (const op of decodeJsonl([text], 'h.jsonl')) read.push(op);
    assert.deepEqual(read, h.ops);
  });
});
