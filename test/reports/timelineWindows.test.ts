import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { Op } from '../../src/history/op.js';
import {
  TimelineWindows,
  timelineAnchors,
  type CompletedOp,
} from '../../reports/timelineWindows.js';

/** `n` client ops of `workers` processes spread over `endNs`, each `latencyNs` long. */
function history(n: number, workers: number, endNs: number, latencyNs: number): CompletedOp[] {
  return Array.from({ length: n }, (_, k) => {
    const time = Math.floor((k / n) * endNs);
    const invoke: Op = {
      index: 2 * k,
      time,
      process: k % workers,
      type: 'invoke',
      f: 'add',
      value: k,
    };
    const done: Op = { ...invoke, index: 2 * k + 1, time: time + latencyNs, type: 'ok' };
    return { invoke, done };
  });
}

function build(ops: readonly CompletedOp[], w: TimelineWindows, endNs: number) {
  // The analysis feeds ops in the order they complete.
  for (const c of [...ops].sort((a, b) => (a.done?.time ?? 0) - (b.done?.time ?? 0))) w.add(c);
  return w.build({ total: ops.length, lastTime: endNs, isLost: () => false, text: () => '' });
}

describe('reports: the timeline as windows over the whole run', () => {
  it('keeps windows from the start to the end of the run, the focus window the largest', () => {
    const endNs = 300e9;
    const ops = history(200_000, 20, endNs, 1e6);
    const focus = { ns: 123e9, why: 'around the first lost write' };
    const anchors = timelineAnchors(focus, [], [{ fault: 'kill', start: 60e9, end: 70e9 }], endNs);
    const tl = build(ops, new TimelineWindows(anchors, 300, 4000), endNs);
    assert.ok(tl.ops.length <= 4000 + 300 * (anchors.length - 1), `${tl.ops.length} ops kept`);
    assert.equal(tl.total, 200_000);
    assert.match(tl.window, /windows across the whole run \(0 to 300\.000 s\)/);
    const froms = tl.windows.map((w) => w.from);
    assert.deepEqual(
      froms,
      [...froms].sort((a, b) => a - b),
      'windows by time',
    );
    assert.ok((tl.windows[0]?.from ?? 1) < 1, 'a window at the start');
    assert.ok((tl.windows.at(-1)?.to ?? 0) > 0.9 * 300, 'a window near the end');
    // No stretch of the run longer than a twelfth (the even anchors) plus a window is uncovered.
    for (let k = 1; k < tl.windows.length; k++) {
      const gap = (tl.windows[k]?.from ?? 0) - (tl.windows[k - 1]?.to ?? 0);
      assert.ok(gap <= 300 / 12, `gap of ${gap} s before window ${k}`);
    }
    const focusWindow = tl.windows.find((w) => w.why === focus.why) ?? assert.fail('no focus');
    assert.ok(focusWindow.from <= 123 && 123 <= focusWindow.to + 0.01);
    assert.equal(Math.max(...tl.windows.map((w) => w.count)), focusWindow.count);
    assert.ok(tl.windows.some((w) => /kill starts/.test(w.why)));
    assert.ok(tl.windows.some((w) => /kill ends/.test(w.why)));
  });

  it('holds every op once, in the window it is counted in, within the cap (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 3000 }),
        fc.integer({ min: 1, max: 12 }),
        fc.array(fc.integer({ min: 0, max: 10_000 }), { maxLength: 6 }),
        fc.integer({ min: 2, max: 200 }),
        (n, workers, marks, perWindow) => {
          const endNs = 10_000;
          const ops = history(n, workers, endNs, 7);
          const anchors = timelineAnchors(
            undefined,
            marks.map((ns) => ({ ns, why: `mark ${ns}` })),
            [],
            endNs,
          );
          const tl = build(ops, new TimelineWindows(anchors, perWindow), endNs);
          const indices = tl.ops.map((o) => o.i);
          assert.equal(new Set(indices).size, indices.length, 'no op twice');
          assert.ok(tl.ops.length <= perWindow * anchors.length);
          tl.windows.forEach((w, k) => {
            const mine = tl.ops.filter((o) => o.w === k);
            assert.equal(mine.length, w.count);
            for (const o of mine) assert.ok(w.from <= o.s && o.s <= w.to);
          });
          if (n <= perWindow) assert.equal(tl.ops.length, n, 'a short history is kept whole');
        },
      ),
    );
  });
});
