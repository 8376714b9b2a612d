import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  checkSet,
  nodeDiffs,
  type SetCheckResult,
  type SetFinalRead,
  type SetNodeDiff,
  type SetWriteDetail,
} from '../../src/checker/set.js';
import type { Op, OpType } from '../../src/history/op.js';
import { emptyNodeDiff } from '../../src/checker/setNodeDiffs.js';
import { emptySetResult } from '../../src/checker/setResult.js';
import { isRedcheckError } from '../../src/errors.js';

interface RefWrite {
  element: string;
  process: number;
  invoke: number;
  complete?: number;
  outcome: OpType | 'none';
  node?: string;
}

interface RefFault {
  fault: string;
  target?: string;
  start: number;
  end?: number;
}

/** The set checker's rules written the plain way: Maps and Sets of strings, no ids. */
function referenceCheck(
  history: Op[],
  finalReads: SetFinalRead[],
  faults: RefFault[],
  maxListed: number,
): SetCheckResult {
  const writes = new Map<string, RefWrite>();
  const pending = new Map<number, RefWrite>();
  for (const op of history) {
    if (typeof op.process !== 'number' || op.f !== 'add') continue;
    if (op.type === 'invoke') {
      const w: RefWrite = {
        element: String(op.value),
        process: op.process,
        invoke: op.time,
        outcome: 'none',
      };
      writes.set(w.element, w);
      pending.set(op.process, w);
    } else {
      const w = pending.get(op.process);
      if (!w) continue;
      pending.delete(op.process);
      w.outcome = op.type;
      w.complete = op.time;
      if (op.node !== undefined) w.node = op.node;
    }
  }
  // Every count zero and every list empty; the counting below is the reference's own.
  const r: SetCheckResult = { ...emptySetResult(true), attempted: writes.size };
  for (const w of writes.values()) {
    if (w.outcome === 'ok') r.acknowledged++;
    else if (w.outcome === 'fail') r.failed++;
    else r.indeterminate++;
  }
  const primaries = finalReads.filter((x) => x.primary);
  const primary = primaries[0];
  if (primaries.length !== 1 || !primary?.set || !primary.list) {
    return { ...r, valid: 'unknown', reason: 'x', nodes: referenceNodes(finalReads) };
  }
  const inSet = new Set(primary.set);
  const inList = new Map<string, number>();
  for (const e of primary.list) inList.set(e, (inList.get(e) ?? 0) + 1);
  const cut = new Set<string>();
  const add = <T>(arr: T[], x: T, what: string): void => {
    if (arr.length < maxListed) arr.push(x);
    else cut.add(what);
  };
  for (const w of writes.values()) {
    const s = inSet.has(w.element);
    const l = inList.has(w.element);
    if (s !== l) {
      r.partial++;
      add(r.partialElements, w.element, 'partial');
    }
    if (w.outcome === 'ok' && !s && !l) {
      r.lost++;
      const to = w.complete ?? w.invoke;
      const active = faults
        .filter((f) => f.start <= to && (f.end === undefined || f.end >= w.invoke))
        .map((f) => (f.target ? `${f.fault} ${f.target}` : f.fault));
      if (active.length > 0) r.lostDuringFaults++;
      else r.lostOutsideFaults++;
      const node = w.node ?? 'unknown';
      r.lostByNode[node] = (r.lostByNode[node] ?? 0) + 1;
      const d: SetWriteDetail = {
        element: w.element,
        process: w.process,
        outcome: 'ok',
        invoke: w.invoke,
        faults: active,
      };
      if (w.complete !== undefined) d.complete = w.complete;
      if (w.node !== undefined) d.node = w.node;
      add(r.lostWrites, d, 'lost');
    }
    if (w.outcome === 'fail' && (s || l)) {
      r.unexpected++;
      add(r.unexpectedElements, w.element, 'unexpected');
    }
    if ((w.outcome === 'info' || w.outcome === 'none') && (s || l)) r.recovered++;
  }
  for (const e of new Set([...inSet, ...inList.keys()])) {
    if (writes.has(e)) continue;
    r.unexpected++;
    add(r.unexpectedElements, e, 'unexpected');
    if (inSet.has(e) !== inList.has(e)) {
      r.partial++;
      add(r.partialElements, e, 'partial');
    }
  }
  for (const n of inList.values()) if (n > 1) r.duplicated++;
  r.lostPercent = r.acknowledged === 0 ? 0 : Math.round((10000 * r.lost) / r.acknowledged) / 100;
  r.nodes = referenceNodes(finalReads);
  r.valid = r.lost === 0 && r.partial === 0 && r.unexpected === 0;
  if (cut.size > 0) r.truncated = `showing at most ${maxListed} of each of: ${[...cut].join(', ')}`;
  return r;
}

function referenceNodes(reads: SetFinalRead[]): SetNodeDiff[] {
  const p = reads.find((x) => x.primary && x.set && x.list);
  const pu = p ? new Set([...(p.set ?? []), ...(p.list ?? [])]) : undefined;
  return reads.map((read) => {
    const d = emptyNodeDiff(read.node, read.primary);
    if (read.error !== undefined) d.error = read.error;
    if (!read.set || !read.list) return d;
    d.setSize = read.set.length;
    d.listSize = read.list.length;
    const s = new Set(read.set);
    const l = new Set(read.list);
    const mine = new Set([...s, ...l]);
    for (const e of mine) if (s.has(e) !== l.has(e)) d.partial++;
    if (pu) {
      for (const e of pu) if (!mine.has(e)) d.missing++;
      for (const e of mine) if (!pu.has(e)) d.extra++;
    }
    return d;
  });
}

/** Elements of both kinds: the workload's `e<n>`, and strings the fast path must map. */
const element = fc.oneof(
  { weight: 4, arbitrary: fc.nat(40).map((n) => `e${n}`) },
  {
    weight: 1,
    arbitrary: fc.constantFrom('x', 'e', 'e01', 'e-1', 'E3', '7', 'e 1', 'e1.0', 'e99999999999'),
  },
  { weight: 1, arbitrary: fc.string({ maxLength: 3 }) },
);

const write = fc.record({
  element,
  outcome: fc.constantFrom<OpType | 'none'>('ok', 'ok', 'ok', 'fail', 'info', 'none'),
  node: fc.option(fc.constantFrom('n1', 'n2'), { nil: undefined }),
});

const read = fc.record(
  {
    node: fc.constantFrom('n1', 'n2', 'n3'),
    primary: fc.boolean(),
    set: fc.array(element, { maxLength: 30 }),
    list: fc.array(element, { maxLength: 30 }),
    error: fc.constant('timeout'),
  },
  { requiredKeys: ['node', 'primary'] },
);

const fault = fc
  .record({
    fault: fc.constantFrom('partition', 'kill'),
    target: fc.option(fc.constantFrom('n1', 'primary'), { nil: undefined }),
    start: fc.nat(400),
    length: fc.option(fc.nat(100), { nil: undefined }),
  })
  .map(({ fault: f, target, start, length }) => {
    const out: RefFault = { fault: f, start };
    if (target !== undefined) out.target = target;
    if (length !== undefined) out.end = start + length;
    return out;
  });

/** Writes on 3 workers, each completing before the next (a new process after info/none). */
function historyOf(writes: { element: string; outcome: OpType | 'none'; node?: string }[]): Op[] {
  const history: Op[] = [];
  const procs = [0, 1, 2];
  writes.forEach((w, i) => {
    const slot = i % 3;
    const process = procs[slot] as number;
    history.push({
      index: history.length,
      time: history.length * 2,
      process,
      type: 'invoke',
      f: 'add',
      value: w.element,
    });
    if (w.outcome !== 'none' && w.outcome !== 'invoke') {
      const done: Op = {
        index: history.length,
        time: history.length * 2,
        process,
        type: w.outcome,
        f: 'add',
        value: w.element,
      };
      if (w.node !== undefined) done.node = w.node;
      history.push(done);
    }
    if (w.outcome === 'info' || w.outcome === 'none') procs[slot] = process + 3;
  });
  return history;
}

/** The result without `reason`, whose words the reference does not repeat. */
function withoutReason(r: SetCheckResult): SetCheckResult {
  const { reason: _reason, ...rest } = r;
  return rest;
}

describe('set checker against a plain reference', () => {
  it('agrees with a Set-based implementation on random histories and reads', () => {
    fc.assert(
      fc.property(
        fc.array(write, { maxLength: 80 }),
        fc.array(read, { maxLength: 4 }),
        fc.array(fault, { maxLength: 4 }),
        fc.integer({ min: 1, max: 10 }),
        (writes, reads, faults, maxListed) => {
          const history = historyOf(writes);
          const fast = checkSet({ history, finalReads: reads, faults, maxListed });
          const ref = referenceCheck(history, reads, faults, maxListed);
          assert.deepEqual(withoutReason(fast), withoutReason(ref));
          assert.deepEqual(nodeDiffs(reads), referenceNodes(reads));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('rejects a completion with no invoke, naming the event', () => {
    const history: Op[] = [
      { index: 0, time: 1, process: 0, type: 'invoke', f: 'add', value: 'e0' },
      { index: 1, time: 2, process: 0, type: 'ok', f: 'add', value: 'e0' },
      { index: 2, time: 3, process: 1, type: 'ok', f: 'add', value: 'e1' },
    ];
    assert.throws(
      () => checkSet({ history, finalReads: [] }),
      (e: unknown) =>
        isRedcheckError(e) &&
        e.code === 'E_HISTORY_INVALID' &&
        /event 3 \(index 2\)/.test(e.message),
    );
  });

  it('ignores final reads and nemesis ops as writes', () => {
    const history: Op[] = [
      { index: 0, time: 1, process: 0, type: 'invoke', f: 'add', value: 'e0' },
      { index: 1, time: 2, process: 0, type: 'ok', f: 'add', value: 'e0' },
      {
        index: 2,
        time: 3,
        process: 'final',
        type: 'invoke',
        f: 'final-read',
        value: null,
        node: 'n1',
      },
      {
        index: 3,
        time: 4,
        process: 'final',
        type: 'ok',
        f: 'final-read',
        value: { role: 'primary', state: { set: ['e0'], list: ['e0'] } },
        node: 'n1',
      },
    ];
    const r = checkSet({
      history,
      finalReads: [{ node: 'n1', primary: true, set: ['e0'], list: ['e0'] }],
    });
    assert.equal(r.attempted, 1);
    assert.equal(r.valid, true);
  });
});
