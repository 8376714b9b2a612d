import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { checkSet, type SetCheckResult, type SetFinalRead } from '../../src/checker/set.js';
import { SetStreamCheck } from '../../src/checker/setStream/setStreamCheck.js';
import { ScannedSetState } from '../../src/checker/setStream/setPageScanner.js';
import { faultIntervals } from '../../src/history/faultInterval.js';
import type { Op, OpType } from '../../src/history/op.js';
import { decodeJsonlBatches } from '../../src/history/jsonl.js';
import { opToJson } from '../../src/history/opFromJson.js';
import { setWorkload } from '../../workloads/set/index.js';

interface Case {
  writes: { outcome: OpType | 'none'; node: string }[];
  faults: { at: number; len: number }[];
  nodes: {
    role: 'primary' | 'replica';
    shard?: string;
    fails: boolean;
    set: number[];
    list: number[];
  }[];
  extras: string[];
}

/** A set-workload history: writes e0..e<k> spread over processes, faults, final reads in pages. */
function historyOf(c: Case): { ops: Op[]; reads: SetFinalRead[] } {
  const ops: Op[] = [];
  const push = (op: Omit<Op, 'index'>): void => void ops.push({ index: ops.length, ...op });
  let t = 0;
  c.writes.forEach((w, n) => {
    // Each write its own process; a fault may fall between its invoke and its completion.
    push({ time: (t += 5), process: n, type: 'invoke', f: 'add', value: `e${n}` });
    const f = c.faults.find((x) => x.at === n);
    if (f) {
      push({
        time: (t += 1),
        process: 'nemesis',
        type: 'info',
        f: 'start-kill',
        value: { target: 'n1' },
      });
      push({
        time: (t += 1 + f.len * 10),
        process: 'nemesis',
        type: 'info',
        f: 'stop-kill',
        value: null,
      });
    }
    if (w.outcome !== 'none') {
      push({ time: (t += 5), process: n, type: w.outcome, f: 'add', value: `e${n}`, node: w.node });
    }
  });
  const reads: SetFinalRead[] = [];
  c.nodes.forEach((node, i) => {
    const name = `n${i + 1}`;
    const set = [...new Set(node.set)].map((n) => `e${n}`).concat(i === 0 ? c.extras : []);
    const list = node.list.map((n) => `e${n}`).concat(i === 0 ? c.extras.slice(1) : []);
    const base = { process: 'final' as const, f: 'final-read', node: name };
    const where = { role: node.role, ...(node.shard ? { shard: node.shard } : {}) };
    if (node.fails) {
      push({ ...base, time: (t += 1), type: 'invoke', value: null });
      push({ ...base, time: (t += 1), type: 'fail', value: where, error: 'timed out' });
      reads.push({
        node: name,
        primary: node.role === 'primary',
        ...(node.shard ? { shard: node.shard } : {}),
        error: 'timed out',
      });
      return;
    }
    // Two pages: the halves of each key.
    const halves = [
      { set: set.slice(0, set.length >> 1), list: list.slice(0, list.length >> 1) },
      { set: set.slice(set.length >> 1), list: list.slice(list.length >> 1) },
    ];
    halves.forEach((state, page) => {
      push({ ...base, time: (t += 1), type: 'invoke', value: null });
      push({
        ...base,
        time: (t += 1),
        type: 'ok',
        value: { ...where, page, last: page === 1, state },
      });
    });
    reads.push({
      node: name,
      primary: node.role === 'primary',
      ...(node.shard ? { shard: node.shard } : {}),
      set,
      list,
    });
  });
  return { ops, reads };
}

function streamed(ops: Op[], maxListed: number): ReturnType<SetStreamCheck['finish']> {
  const check = new SetStreamCheck({
    finalRead: { f: 'final-read', process: 'final' },
    parsePage: (s) => setWorkload.parseState(s),
    maxListed,
  });
  for (const op of ops) check.push(op);
  check.endReading(faultIntervals(ops));
  return check.finish();
}

const COUNTS = [
  'valid',
  'attempted',
  'acknowledged',
  'failed',
  'indeterminate',
  'lost',
  'lostPercent',
  'partial',
  'unexpected',
  'recovered',
  'duplicated',
  'lostDuringFaults',
  'lostOutsideFaults',
  'lostByNode',
  'nodes',
  'reason',
] as const;

function counts(r: SetCheckResult): Record<string, unknown> {
  return Object.fromEntries(COUNTS.map((k) => [k, r[k]]));
}

const caseArb = (shards: boolean): fc.Arbitrary<Case> =>
  fc.integer({ min: 0, max: 60 }).chain((k) =>
    fc.record({
      writes: fc.array(
        fc.record({
          outcome: fc.constantFrom<OpType | 'none'>('ok', 'ok', 'ok', 'fail', 'info', 'none'),
          node: fc.constantFrom('n1', 'n2'),
        }),
        { minLength: k, maxLength: k },
      ),
      faults: fc.array(fc.record({ at: fc.nat(Math.max(0, k - 1)), len: fc.nat(5) }), {
        maxLength: 3,
      }),
      nodes: fc.array(
        fc.record({
          role: fc.constantFrom<'primary' | 'replica'>('primary', 'replica', 'replica'),
          shard: shards ? fc.constantFrom('s1', 's2') : fc.constant(undefined),
          fails: fc.constant(false),
          set: fc.array(fc.nat(k + 3), { maxLength: k + 3 }),
          list: fc.array(fc.nat(k + 3), { maxLength: k + 5 }),
        }),
        { minLength: 1, maxLength: 4 },
      ),
      extras: fc
        .array(fc.constantFrom('x', 'e01', 'e999999999999', 'foo'), { maxLength: 3 })
        .map((a) => [...new Set(a)]),
    }),
  );

describe('checker/setStream: the compact set check gives the plain one`s counts', () => {
  it('on random histories: counts, node differences, listed elements and every lost write', () => {
    fc.assert(
      fc.property(
        caseArb(false),
        fc.boolean(),
        fc.integer({ min: 1, max: 5 }),
        (c, failPrimary, cap) => {
          if (failPrimary) {
            const p = c.nodes.find((n) => n.role === 'primary');
            if (p) p.fails = true;
          }
          const { ops, reads } = historyOf(c);
          const plain = checkSet({ history: ops, finalReads: reads, maxListed: 1000 });
          const compact = streamed(ops, 1000);
          assert.deepEqual(counts(compact), counts(plain));
          assert.deepEqual([...compact.partialElements].sort(), [...plain.partialElements].sort());
          assert.deepEqual(
            [...compact.unexpectedElements].sort(),
            [...plain.unexpectedElements].sort(),
          );
          const byElement = (a: { element: string }, b: { element: string }) =>
            a.element.localeCompare(b.element);
          assert.deepEqual(
            [...compact.lostWrites].sort(byElement),
            [...plain.lostWrites].sort(byElement),
          );
          // Every lost write is in the columns, with its acknowledgement time and node.
          const cols = compact.lostColumns;
          assert.equal(cols.count, plain.lost);
          const rows = Array.from({ length: cols.count }, (_, i) => ({
            element: cols.elementName(i),
            complete: cols.ackTimeAt(i),
            node: cols.nodeNames[cols.node[i] as number],
          }));
          assert.deepEqual(
            rows.sort(byElement),
            plain.lostWrites
              .map((w) => ({ element: w.element, complete: w.complete, node: w.node }))
              .sort(byElement),
          );
          // With a small cap the lists are cut the same way, the counts stay whole.
          const small = streamed(ops, cap);
          const smallPlain = checkSet({ history: ops, finalReads: reads, maxListed: cap });
          assert.deepEqual(counts(small), counts(smallPlain));
          const cut = (t: string | undefined) => t?.split(': ')[1]?.split(', ').sort();
          assert.deepEqual(cut(small.truncated), cut(smallPlain.truncated));
          assert.equal(small.lostWrites.length, smallPlain.lostWrites.length);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('on a cluster: the union of the shard primaries, and each node against its shard`s primary', () => {
    fc.assert(
      fc.property(caseArb(true), (c) => {
        c.nodes = [
          { ...(c.nodes[0] as Case['nodes'][0]), role: 'primary', shard: 's1' },
          { ...(c.nodes[0] as Case['nodes'][0]), role: 'primary', shard: 's2', set: [], list: [] },
          ...c.nodes.slice(1).map((n) => ({ ...n, role: 'replica' as const })),
        ];
        const { ops, reads } = historyOf(c);
        const plain = checkSet({ history: ops, finalReads: reads });
        const compact = streamed(ops, 1000);
        assert.deepEqual(counts(compact), counts(plain));
      }),
      { numRuns: 150 },
    );
  });

  it('read from the history text as the check phase reads it (pages scanned from bytes, acknowledged adds through a scratch file): the same result as from the ops', async () => {
    let scannedPages = 0;
    const scratchDir = mkdtempSync(join(tmpdir(), 'redcheck-acks-'));
    await fc.assert(
      fc.asyncProperty(caseArb(true), async (c) => {
        const { ops } = historyOf(c);
        const text = ops.map((o) => opToJson(o)).join('\n') + '\n';
        const check = new SetStreamCheck({
          finalRead: { f: 'final-read', process: 'final' },
          parsePage: (x) => setWorkload.parseState(x),
          maxListed: 1000,
          // Three adds a block: nearly every acknowledged add goes through the file.
          scratchDir,
          scratchBlockRecords: 3,
        });
        // Byte chunks of 7 bytes: lines and pages cut anywhere.
        const chunks = (): Buffer[] => {
          const b = Buffer.from(text);
          const out: Buffer[] = [];
          for (let i = 0; i < b.length; i += 7) out.push(b.subarray(i, i + 7));
          return out;
        };
        for await (const batch of decodeJsonlBatches(chunks(), 'h.jsonl', {
          objectValue: check.scanFinalValue,
        })) {
          for (const op of batch) {
            const state = (op.value as { state?: unknown } | null)?.state;
            if (state instanceof ScannedSetState) scannedPages++;
            check.push(op);
          }
        }
        check.endReading(faultIntervals(ops));
        const comparable = (r: ReturnType<SetStreamCheck['finish']>): unknown => {
          const cols = r.lostColumns;
          const names = Array.from({ length: cols.count }, (_, i) => cols.elementName(i));
          const acks = Array.from({ length: cols.count }, (_, i) => cols.ackTimeAt(i));
          return { ...r, lostColumns: { ...cols, elementName: names, ackTimeAt: acks } };
        };
        assert.deepEqual(comparable(check.finish()), comparable(streamed(ops, 1000)));
      }),
      { seed: 1919, numRuns: 200 },
    );
    assert.ok(scannedPages > 100, `only ${scannedPages} pages scanned from bytes`);
    // The scratch files were unlinked as soon as they were opened.
    assert.deepEqual(readdirSync(scratchDir), []);
    rmSync(scratchDir, { recursive: true });
  });
});
