import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  checkListAppend,
  CONSISTENCY_MODELS,
  type MicroOp,
} from '../../../src/checker/elle/index.js';
import type { Op } from '../../../src/history/op.js';
import { a, history, invoked, r } from './histories.js';

type Outcome = 'ok' | 'fail' | 'info-applied' | 'info-lost';

interface Plan {
  processes: number;
  txns: { mops: { append: boolean; key: number }[]; outcome: Outcome }[];
  schedule: number[];
}

const planArb: fc.Arbitrary<Plan> = fc.record({
  processes: fc.integer({ min: 1, max: 4 }),
  txns: fc.array(
    fc.record({
      mops: fc.array(fc.record({ append: fc.boolean(), key: fc.nat(2) }), {
        minLength: 1,
        maxLength: 4,
      }),
      outcome: fc.constantFrom<Outcome>(
        'ok',
        'ok',
        'ok',
        'ok',
        'fail',
        'info-applied',
        'info-lost',
      ),
    }),
    { minLength: 1, maxLength: 25 },
  ),
  schedule: fc.array(fc.nat(3), { minLength: 0, maxLength: 120 }),
});

/**
 * A history in which every transaction takes effect atomically at one instant between its
 * invoke and its completion (or never, when it fails): strict serializable by construction.
 * Processes interleave as `schedule` says; after an `info` a worker continues as a new process.
 * The history starts with an append to key 0 and ends with a read of it, so a dependency exists.
 */
function execute(plan: Plan): Op[] {
  const state = new Map<number, number[]>();
  const ops: Op[] = [];
  let next = 1;
  const emit = (process: number, type: Op['type'], value: unknown): void => {
    ops.push({ index: ops.length, time: ops.length, process, type, f: 'txn', value });
  };
  const apply = (mops: MicroOp[]): MicroOp[] =>
    mops.map((m) => {
      const list = state.get(m[1] as number) ?? [];
      if (m[0] === 'append') {
        state.set(m[1] as number, [...list, m[2] as number]);
        return m;
      }
      return ['r', m[1], [...list]];
    });
  const serial = (process: number, mops: MicroOp[]): void => {
    emit(process, 'invoke', invoked(mops));
    emit(process, 'ok', apply(mops));
  };
  serial(1000, [a(0, next++)]);
  type Worker = {
    process: number;
    phase: 'idle' | 'invoked' | 'applied';
    mops: MicroOp[];
    done: MicroOp[];
    outcome: Outcome;
  };
  const workers: Worker[] = Array.from({ length: plan.processes }, (_, i) => ({
    process: i,
    phase: 'idle',
    mops: [],
    done: [],
    outcome: 'ok',
  }));
  let queued = 0;
  const advance = (w: Worker, i: number): void => {
    if (w.phase === 'idle') {
      const t = plan.txns[queued++];
      if (!t) return;
      w.mops = t.mops.map((m) => (m.append ? a(m.key, next++) : r(m.key, null)));
      w.outcome = t.outcome;
      w.phase = 'invoked';
      emit(w.process, 'invoke', w.mops);
    } else if (w.phase === 'invoked') {
      w.done = w.outcome === 'ok' || w.outcome === 'info-applied' ? apply(w.mops) : w.mops;
      w.phase = 'applied';
    } else {
      const type = w.outcome === 'ok' ? 'ok' : w.outcome === 'fail' ? 'fail' : 'info';
      emit(w.process, type, type === 'ok' ? w.done : w.mops);
      if (type === 'info') w.process += 100 * (i + 1);
      w.phase = 'idle';
    }
  };
  for (const s of plan.schedule) {
    const i = s % workers.length;
    advance(workers[i]!, i);
  }
  // Drain: finish everything still open and run what is left.
  for (;;) {
    const busy = workers.findIndex((w) => w.phase !== 'idle');
    if (busy >= 0) advance(workers[busy]!, busy);
    else if (queued < plan.txns.length) advance(workers[0]!, 0);
    else break;
  }
  serial(1001, [r(0, null)]);
  return ops;
}

/** Gadgets on fresh keys and processes, each showing anomalies of one class. */
const GADGETS: Readonly<Record<string, { ops: () => Op[]; expected: string[] }>> = {
  G0: {
    ops: () =>
      history()
        .concurrent([
          [500, [a('gx', 1), a('gy', 1)]],
          [501, [a('gx', 2), a('gy', 2)]],
        ])
        .txn(502, [r('gx', [1, 2]), r('gy', [2, 1])]).ops,
    expected: ['G0'],
  },
  G1c: {
    ops: () =>
      history().concurrent([
        [500, [a('gx', 1), r('gy', [1])]],
        [501, [a('gy', 1), r('gx', [1])]],
      ]).ops,
    expected: ['G1c'],
  },
  'G-single': {
    ops: () =>
      history().concurrent([
        [500, [a('gx', 1), a('gy', 1)]],
        [501, [r('gx', [1]), r('gy', [])]],
      ]).ops,
    expected: ['G-single'],
  },
  'G2-item': {
    ops: () =>
      history().concurrent([
        [500, [r('gx', []), a('gy', 1)]],
        [501, [r('gy', []), a('gx', 1)]],
      ]).ops,
    expected: ['G2-item'],
  },
  'G-nonadjacent': {
    ops: () =>
      history().concurrent([
        [500, [r('gp', []), r('gs', [1])]],
        [501, [a('gp', 1), a('gq', 1)]],
        [502, [r('gq', [1]), r('gs2', [])]],
        [503, [a('gs2', 1), a('gs', 1)]],
      ]).ops,
    expected: ['G-nonadjacent'],
  },
  G1a: {
    ops: () =>
      history()
        .txn(500, [a('gx', 1)], 'fail')
        .txn(501, [r('gx', [1])]).ops,
    expected: ['G1a'],
  },
  // Reading part of a transaction's appends also closes a G-single cycle (so Elle too).
  G1b: {
    ops: () =>
      history().concurrent([
        [500, [a('gx', 1), a('gx', 2)]],
        [501, [r('gx', [1])]],
      ]).ops,
    expected: ['G-single', 'G1b'],
  },
  // The committed read of the failed element is a G1a as well.
  'dirty-update': {
    ops: () =>
      history()
        .txn(500, [a('gx', 1)], 'fail')
        .txn(501, [a('gx', 2)])
        .txn(502, [r('gx', [1, 2])]).ops,
    expected: ['G1a', 'dirty-update'],
  },
  internal: {
    ops: () => history().txn(500, [a('gx', 1), r('gx', [])]).ops,
    expected: ['internal'],
  },
  'future-read': {
    ops: () => history().txn(500, [r('gx', [1]), a('gx', 1)]).ops,
    expected: ['future-read'],
  },
  'duplicate-elements': {
    ops: () =>
      history()
        .txn(500, [a('gx', 1)])
        .txn(501, [r('gx', [1, 1])]).ops,
    expected: ['duplicate-elements'],
  },
  'incompatible-order': {
    ops: () =>
      history().concurrent([
        [500, [a('gx', 1)]],
        [501, [a('gx', 2)]],
        [502, [r('gx', [1, 2])]],
        [503, [r('gx', [2, 1])]],
      ]).ops,
    expected: ['incompatible-order'],
  },
  // Two appends on one read version order as one after the other: a G-single as well.
  'lost-update': {
    ops: () =>
      history()
        .concurrent([
          [500, [r('gx', []), a('gx', 1)]],
          [501, [r('gx', []), a('gx', 2)]],
        ])
        .txn(502, [r('gx', [1, 2])]).ops,
    expected: ['G-single', 'lost-update'],
  },
  'G-single-realtime': {
    ops: () =>
      history()
        .txn(500, [a('gx', 1)])
        .txn(501, [r('gx', [])]).ops,
    expected: ['G-single-realtime'],
  },
};

/**
 * `gadget` spliced into `base` after its op `at` (an op boundary), renumbered. The gadget's
 * processes move far above the base's: a base worker takes process + 100 after each `info`,
 * so a base with five of them reaches the gadgets' 500s (a seeded run found that clash).
 */
function inject(base: Op[], gadget: Op[], at: number): Op[] {
  const cut = Math.min(at, base.length);
  const fresh = gadget.map((op) =>
    typeof op.process === 'number' ? { ...op, process: op.process + 1_000_000 } : op,
  );
  return [...base.slice(0, cut), ...fresh, ...base.slice(cut)].map((op, index) => ({
    ...op,
    index,
  }));
}

describe('list-append checker: properties', () => {
  it('a history whose transactions take effect atomically inside their intervals is valid under every model', () => {
    fc.assert(
      fc.property(planArb, (plan) => {
        const ops = execute(plan);
        for (const m of CONSISTENCY_MODELS) {
          const res = checkListAppend(ops, { consistencyModel: m });
          assert.equal(res.valid, true, `${m}: ${res.explanations.join('\n')}`);
        }
      }),
      { numRuns: 150 },
    );
  });

  it('injecting one anomaly into such a history makes exactly that class appear', () => {
    fc.assert(
      fc.property(planArb, fc.constantFrom(...Object.keys(GADGETS)), fc.nat(), (plan, name, at) => {
        const base = execute(plan);
        const g = GADGETS[name]!;
        const res = checkListAppend(inject(base, g.ops(), at % (base.length + 1)), {
          consistencyModel: 'strict-serializable',
        });
        assert.deepEqual(res.anomalyTypes, g.expected, res.explanations.join('\n'));
        assert.equal(res.valid, false);
      }),
      { numRuns: 200 },
    );
  });

  it("the seeded case where a base worker reached a gadget's process finds the G0", () => {
    // Found by fast-check (seed 958265314): five info ops move the one worker to process 500.
    const base = execute({
      processes: 1,
      txns: [
        ...(
          [
            'info-lost',
            'info-applied',
            'ok',
            'ok',
            'info-applied',
            'info-applied',
            'info-lost',
          ] as const
        ).map((outcome) => ({ mops: [{ append: false, key: 0 }], outcome })),
        { mops: [{ append: true, key: 0 }], outcome: 'ok' as const },
        { mops: [{ append: false, key: 0 }], outcome: 'ok' as const },
      ],
      schedule: [],
    });
    const res = checkListAppend(inject(base, GADGETS.G0!.ops(), 17), {
      consistencyModel: 'strict-serializable',
    });
    assert.deepEqual(res.anomalyTypes, ['G0'], res.explanations.join('\n'));
  });
});
