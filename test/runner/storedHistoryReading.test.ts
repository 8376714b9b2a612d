import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { StatsTally } from '../../src/checker/stats.js';
import { faultIntervals } from '../../src/history/faultInterval.js';
import type { Op, OpType } from '../../src/history/op.js';
import { opToJson } from '../../src/history/opFromJson.js';
import { FactsTally } from '../../src/runner/lossEvidence.js';
import { readStoredHistory } from '../../src/runner/storedHistoryReading.js';
import { setWorkload } from '../../workloads/set/index.js';

/** One step of a random history: what a process does next, or an event of no client. */
type Step =
  | { kind: 'invoke'; p: number; f: 'add' | 'read'; e: number; strange: boolean }
  | { kind: 'done'; p: number; type: Exclude<OpType, 'invoke'>; node?: string }
  | { kind: 'nemesis' | 'probe' };

const PROCESSES = [0, 1, 2, 3, 2 ** 21, -4];

const stepArb: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record({
      kind: fc.constant('invoke' as const),
      p: fc.constantFrom(...PROCESSES),
      f: fc.constantFrom<'add' | 'read'>('add', 'add', 'add', 'read'),
      e: fc.integer({ min: 0, max: 40 }),
      strange: fc.integer({ min: 0, max: 4 }).map((x) => x === 0),
    }),
  },
  {
    weight: 6,
    arbitrary: fc.record(
      {
        kind: fc.constant('done' as const),
        p: fc.constantFrom(...PROCESSES),
        type: fc.constantFrom<Exclude<OpType, 'invoke'>>('ok', 'ok', 'fail', 'info'),
        node: fc.constantFrom('n1', 'n2', 'n3'),
      },
      { requiredKeys: ['kind', 'p', 'type'] },
    ),
  },
  {
    weight: 1,
    arbitrary: fc.constantFrom({ kind: 'nemesis' as const }, { kind: 'probe' as const }),
  },
);

/**
 * A history from the steps: a completion only where its process has an op pending, unless
 * `unpaired` (then the first orphan stays, an invalid history), strange values written in a
 * shape the line scanner leaves to the general decoding, and final reads of three nodes.
 */
function historyOf(steps: Step[], unpaired: boolean, keep: number[]): Op[] {
  const ops: Op[] = [];
  let t = 1_000;
  const pending = new Map<number, string>();
  let orphan = false;
  const push = (op: Omit<Op, 'index'>): void => {
    ops.push({ ...op, index: ops.length });
  };
  for (const s of steps) {
    t += 7;
    if (s.kind === 'invoke') {
      const value = s.f === 'add' ? (s.strange ? `é${s.e}` : `e${s.e}`) : null;
      pending.set(s.p, s.f);
      push({ time: t, process: s.p, type: 'invoke', f: s.f, value });
    } else if (s.kind === 'done') {
      const f = pending.get(s.p);
      if (f === undefined && !(unpaired && !orphan)) continue;
      if (f === undefined) orphan = true;
      pending.delete(s.p);
      push({
        time: t,
        process: s.p,
        type: s.type,
        f: f ?? 'add',
        value: null,
        ...(s.node ? { node: s.node } : {}),
      });
    } else if (s.kind === 'nemesis') {
      push({
        time: t,
        process: 'nemesis',
        type: 'info',
        f: 'start-partition',
        value: { target: 'n1' },
      });
      push({ time: t + 3, process: 'nemesis', type: 'info', f: 'stop-partition', value: null });
    } else {
      push({
        time: t,
        process: 'probe',
        type: 'ok',
        f: 'probe',
        value: 'lane-1',
        node: 'n2',
      });
    }
  }
  ['n1', 'n2', 'n3'].forEach((node, i) => {
    const state = { set: keep.map((k) => `e${k + i}`), list: keep.map((k) => `e${k + i}`) };
    push({ time: (t += 1), process: 'final', type: 'invoke', f: 'final-read', value: null, node });
    push({
      time: (t += 1),
      process: 'final',
      type: 'ok',
      f: 'final-read',
      value: { role: i === 0 ? 'primary' : 'replica', page: 0, last: true, state },
      node,
    });
  });
  return ops;
}

/** What a reading gives: every tally's result, comparable with deepEqual. */
async function readWith(file: string, fields: boolean, scratchDir: string): Promise<unknown> {
  const stats = new StatsTally();
  const facts = new FactsTally();
  const full = setWorkload.streamCheck?.({ scratchDir }) ?? assert.fail('the set workload streams');
  const { fields: paired, ...plain } = full;
  const stream = fields ? full : plain;
  assert.ok(!fields || paired !== undefined, 'the set check takes paired ops');
  const reading = await readStoredHistory(file, { stats, facts, stream });
  const own = reading.ownError === undefined ? stream : undefined;
  own?.endReading(faultIntervals(facts.facts().nemesis));
  const lost = own === undefined ? undefined : { result: own.finish(), lost: own.lostWrites?.() };
  const message = (e: unknown): unknown => (e instanceof Error ? e.message : e);
  return {
    events: reading.events,
    hasFinalReads: reading.hasFinalReads,
    statsError: message(reading.statsError),
    ownError: message(reading.ownError),
    stats: reading.statsError === undefined ? stats.finish() : undefined,
    facts: facts.facts(),
    set: lost && {
      ...lost.result,
      lostRows: Array.from({ length: lost.lost?.count ?? 0 }, (_, i) => [
        lost.lost?.elementName(i),
        lost.lost?.ackTimeAt(i),
      ]),
    },
  };
}

describe('the check reads a stored history once, client lines as fields (readStoredHistory)', () => {
  let dir: string;
  before(() => (dir = mkdtempSync(join(tmpdir(), 'redcheck-reading-'))));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('gives what reading op objects gives: stats, facts, the set verdict, every lost write and the same error for an unpaired completion (fast-check)', async () => {
    let n = 0;
    let invalid = 0;
    let lostRows = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(stepArb, { minLength: 30, maxLength: 160 }),
        fc.integer({ min: 0, max: 6 }).map((x) => x === 0),
        fc.array(fc.integer({ min: 0, max: 40 }), { maxLength: 6 }),
        fc.boolean(),
        async (steps, unpaired, keep, gz) => {
          const ops = historyOf(steps, unpaired, keep);
          const text = ops.map((o) => opToJson(o)).join('\n') + '\n';
          const file = join(dir, `h${n++}.jsonl${gz ? '.gz' : ''}`);
          writeFileSync(file, gz ? gzipSync(text) : text);
          const byFields = await readWith(file, true, dir);
          const byOps = await readWith(file, false, dir);
          assert.deepEqual(byFields, byOps);
          const r = byFields as { statsError?: string; set?: { lostRows: unknown[] } };
          if (r.statsError !== undefined) invalid++;
          lostRows += r.set?.lostRows.length ?? 0;
          rmSync(file);
        },
      ),
      { seed: 2207, numRuns: 150 },
    );
    assert.ok(invalid >= 3, `only ${invalid} histories with an unpaired completion`);
    assert.ok(lostRows >= 100, `only ${lostRows} lost writes listed`);
  });
});
