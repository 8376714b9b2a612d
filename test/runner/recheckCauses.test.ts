import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  explainLosses,
  LOSS_CAUSES,
  lostWriteColumnsOf,
} from '../../src/checker/lossCauses/index.js';
import type { SetCheckResult } from '../../src/checker/set.js';
import type { Op } from '../../src/history/op.js';
import { historyFactsOf, lossEvidenceOf } from '../../src/runner/lossEvidence.js';
import { recheckRun } from '../../src/runner/recheckRun.js';
import { readStoredRun } from '../../src/store/index.js';
import { writeSyntheticRun } from '../reports/syntheticRun.js';

/**
 * `redcheck check <run-dir>` derives the causes of the lost writes from the run's files alone
 * (the streamed check's lost-write columns, the history's nemesis ops and last time, and
 * results.json), as the run's causes phase does, and says where they differ from the stored.
 */
describe('check <run-dir>: the loss causes from the stored files', () => {
  let dir: string;
  let ops: Op[];
  let lostRows: { element: string; ack: number; node?: string }[];
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'redcheck-recheck-causes-'));
    writeSyntheticRun(dir, { events: 3000, lost: 7 });
    // The final read of the primary: every element written, but every tenth acknowledged one.
    const file = join(dir, 'history.jsonl');
    ops = readFileSync(file, 'utf8')
      .split('\n')
      .filter((l) => l !== '')
      .map((l) => JSON.parse(l) as Op);
    const acked = ops.filter((op) => op.f === 'add' && op.type === 'ok');
    const held = acked.map((op) => String(op.value)).filter((_, i) => i % 10 !== 3);
    lostRows = acked
      .filter((_, i) => i % 10 === 3)
      .map((op) => ({
        element: String(op.value),
        ack: op.time,
        ...(op.node === undefined ? {} : { node: op.node }),
      }));
    const final = { process: 'final' as const, f: 'final-read', node: 'n1', time: 9e10 };
    ops.push(
      { index: ops.length, ...final, type: 'invoke', value: null },
      {
        index: ops.length + 1,
        ...final,
        time: 9e10 + 1,
        type: 'ok',
        value: { role: 'primary', state: { set: held, list: held } },
      },
    );
    writeFileSync(file, ops.map((op) => JSON.stringify(op)).join('\n') + '\n');
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('gives every lost write a cause, the same as the pass over the same writes in memory', async () => {
    const r = await recheckRun(dir);
    const set = r.derived.checkers.set as unknown as SetCheckResult;
    assert.ok(lostRows.length > 100, `${lostRows.length} lost`);
    assert.equal(set.lost, lostRows.length);
    const causes = r.causes ?? assert.fail('no causes derived');
    assert.equal(causes.lost, lostRows.length);
    assert.equal(
      LOSS_CAUSES.reduce((s, c) => s + causes.counts[c], 0),
      causes.lost,
    );
    // The same pass from plain rows and the history in memory: the streamed columns and the
    // streamed evidence change nothing.
    const results = readStoredRun(dir).results;
    const expected = explainLosses(
      lostWriteColumnsOf(lostRows),
      lossEvidenceOf(results, historyFactsOf(ops)),
    );
    assert.deepEqual(
      {
        ...causes,
        samples: [...causes.samples].sort(
          (a, b) => a.ack - b.ack || (a.element < b.element ? -1 : 1),
        ),
      },
      {
        ...expected,
        samples: [...expected.samples].sort(
          (a, b) => a.ack - b.ack || (a.element < b.element ? -1 : 1),
        ),
      },
    );
    assert.equal(causes.buckets.endNs, 9e10 + 1, 'the last event of the history ends the strip');
  });

  it('says how the stored causes differ from the derived, and nothing when they agree', async () => {
    const derived = (await recheckRun(dir)).causes ?? assert.fail('no causes derived');
    const file = join(dir, 'results.json');
    const stored = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    writeFileSync(file, JSON.stringify({ ...stored, causes: derived }));
    const same = await recheckRun(dir);
    assert.deepEqual(same.causeDifferences, []);
    const off = {
      ...derived,
      counts: { ...derived.counts, unexplained: derived.counts.unexplained + 1 },
    };
    writeFileSync(file, JSON.stringify({ ...stored, causes: off }));
    const differs = await recheckRun(dir);
    assert.ok(
      differs.differences.every((d) => !d.includes('causes')),
      'the causes never change the verdict',
    );
    assert.deepEqual(differs.causeDifferences, [
      `causes.unexplained: stored ${derived.counts.unexplained + 1}, now ${derived.counts.unexplained}`,
    ]);
  });

  it('derives the probe minority window again from the history, and names a stored one that differs', async () => {
    const file = join(dir, 'history.jsonl');
    const results = readStoredRun(dir).results;
    const cut = results.faults[0] ?? assert.fail('a partition');
    // The partition as a nemesis op that names its sides; the probe's lane from n1's zone.
    const withSides = ops.map((op) =>
      op.process === 'nemesis' && op.type === 'info' && op.f === 'start-partition'
        ? {
            ...op,
            value: {
              fault: 'partition',
              at: cut.start,
              groups: [
                ['n1', 'c1', 'c2'],
                ['n2', 'n3'],
              ],
            },
          }
        : op,
    );
    const probe: Op[] = [];
    for (let k = -5; k < 10; k++) {
      const at = cut.start + k * 200e6;
      const base = { index: 0, process: 'probe' as const, f: 'probe', value: 'c1>n1', node: 'n1' };
      probe.push({ ...base, time: at, type: 'invoke' });
      probe.push({
        ...base,
        time: at + 2e6,
        type: k < 7 ? 'ok' : 'fail',
        ...(k < 7 ? {} : { error: 'READONLY' }),
      });
    }
    const all = [...withSides, ...probe]
      .sort((a, b) => a.time - b.time)
      .map((op, index) => ({ ...op, index }));
    writeFileSync(file, all.map((op) => JSON.stringify(op)).join('\n') + '\n');
    const r = await recheckRun(dir);
    // The last write sent after the cut and acknowledged: sent 1.2 s after it, answered 2 ms later.
    assert.equal(r.probe?.minorityAckMs, 1202);
    assert.deepEqual(r.probe?.cuts[0]?.nodes, [
      { node: 'n1', lastAck: cut.start + 1202e6, ackMs: 1202, refusedAt: cut.start + 1402e6 },
    ]);
    assert.equal(r.derived.checkers.set?.valid, readStoredRun(dir).results.checkers.set?.valid);
    const stored = JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8')) as Record<
      string,
      unknown
    >;
    const probeResult = { intervalMs: 200, lanes: 1, ops: { ok: 12, fail: 3, info: 0 } };
    writeFileSync(
      join(dir, 'results.json'),
      JSON.stringify({
        ...stored,
        causes: r.causes,
        probe: { ...probeResult, minorityAckMs: 1202 },
      }),
    );
    assert.deepEqual((await recheckRun(dir)).causeDifferences, []);
    writeFileSync(
      join(dir, 'results.json'),
      JSON.stringify({
        ...stored,
        causes: r.causes,
        probe: { ...probeResult, minorityAckMs: 900 },
      }),
    );
    assert.deepEqual((await recheckRun(dir)).causeDifferences, [
      'minorityAckMs: stored 900, now 1202',
    ]);
  });
});
