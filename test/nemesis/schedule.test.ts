import assert from 'node:assert/strict';
import fc from 'fast-check';
import { describe, it } from 'mocha';
import { RedcheckError } from '../../src/errors.js';
import {
  drawSchedule,
  explicitSchedule,
  overlapGroups,
  parseFaultChoice,
  parseFaultSpec,
  parseNemesisSpec,
  scheduleToJson,
} from '../../nemesis/index.js';

const faults = parseNemesisSpec(
  'partition:primary-with-clients,kill:primary,pause:random,failover',
);

describe('nemesis schedule', () => {
  it('the same seed gives the same schedule; another seed another one', () => {
    const opts = { faults, intervalMs: 1000, timeLimitMs: 60_000 };
    const a = drawSchedule({ ...opts, seed: 42 });
    assert.deepEqual(drawSchedule({ ...opts, seed: 42 }), a);
    assert.notDeepEqual(drawSchedule({ ...opts, seed: 43 }), a);
  });

  it('alternates quiet and fault periods inside the time limit', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 0xffffffff }),
        fc.integer({ min: 100, max: 20_000 }),
        fc.integer({ min: 0, max: 200_000 }),
        (seed, intervalMs, timeLimitMs) => {
          const s = drawSchedule({ seed, faults, intervalMs, timeLimitMs });
          s.forEach((item, i) => {
            assert.equal(item.at, intervalMs * (2 * i + 1));
            assert.ok(item.at + intervalMs <= timeLimitMs);
            assert.equal(item.duration, item.spec.fault === 'failover' ? 0 : intervalMs);
            assert.ok(Number.isInteger(item.draw) && item.draw >= 0 && item.draw <= 0xffffffff);
          });
          // The next period would not fit.
          const next = intervalMs * (2 * s.length + 1);
          assert.ok(next + intervalMs > timeLimitMs);
        },
      ),
    );
  });

  it('a 30 s run with a 10 s interval has one fault, from 10 s to 20 s', () => {
    const s = drawSchedule({
      seed: 1,
      faults: parseNemesisSpec('partition'),
      intervalMs: 10_000,
      timeLimitMs: 30_000,
    });
    assert.deepEqual(scheduleToJson(s), [
      { at: 10_000, fault: 'partition', target: 'primary-with-clients', duration: 10_000 },
    ]);
  });

  it('no faults gives an empty schedule', () => {
    assert.deepEqual(drawSchedule({ seed: 1, faults: [], intervalMs: 10, timeLimitMs: 1e6 }), []);
  });

  it('takes an explicit schedule, sorted, with durations and defaults', () => {
    const s = explicitSchedule(
      [
        { at: '20s', fault: 'kill', target: 'n2', duration: 5000 },
        { at: 5000, fault: 'partition', target: 'majority-minority', duration: '3s' },
        { at: '10s', fault: 'failover' },
        { at: 12_000, fault: 'pause' },
      ],
      7,
      4000,
    );
    assert.deepEqual(scheduleToJson(s), [
      { at: 5000, fault: 'partition', target: 'majority-minority', duration: 3000 },
      { at: 10_000, fault: 'failover', duration: 0 },
      { at: 12_000, fault: 'pause', target: 'primary', duration: 4000 },
      { at: 20_000, fault: 'kill', target: 'n2', duration: 5000 },
    ]);
    assert.deepEqual(
      explicitSchedule([{ at: 1, fault: 'kill' }], 7, 1),
      explicitSchedule([{ at: 1, fault: 'kill' }], 7, 1),
    );
  });

  it('lets faults of different kinds overlap, and cuts the schedule where none holds', () => {
    const s = explicitSchedule(
      [
        { at: 0, fault: 'partition', duration: 10_000 },
        { at: 3000, fault: 'kill', duration: 2000 },
        { at: 9000, fault: 'pause', duration: 4000 },
        { at: 13_000, fault: 'failover' },
        { at: 20_000, fault: 'kill', duration: 1000 },
      ],
      1,
      1000,
    );
    assert.deepEqual(
      overlapGroups(s).map((g) => g.map((f) => `${f.spec.fault}@${f.at}`)),
      [['partition@0', 'kill@3000', 'pause@9000'], ['failover@13000'], ['kill@20000']],
    );
    assert.deepEqual(overlapGroups([]), []);
  });

  it('nests the parts of a composed choice inside its fault period', () => {
    const s = drawSchedule({
      seed: 3,
      faults: [parseFaultChoice('partition:primary-with-clients+kill:primary+failover')],
      intervalMs: 6000,
      timeLimitMs: 12_000,
    });
    assert.deepEqual(scheduleToJson(s), [
      { at: 6000, fault: 'partition', target: 'primary-with-clients', duration: 6000 },
      { at: 7000, fault: 'kill', target: 'primary', duration: 4000 },
      { at: 8000, fault: 'failover', duration: 0 },
    ]);
    // A plain spec draws exactly as before: composition costs single faults nothing.
    const single = parseFaultSpec('kill:primary');
    const plain = { seed: 9, intervalMs: 1000, timeLimitMs: 10_000 };
    assert.deepEqual(
      drawSchedule({ ...plain, faults: [single] }),
      drawSchedule({ ...plain, faults: [[single]] }),
    );
  });

  it('rejects malformed, unknown and overlapping explicit entries', () => {
    const bad: [unknown, string][] = [
      [[{ at: 'soon', fault: 'kill' }], 'E_DURATION'],
      [[{ at: 1, fault: 'kill', extra: true }], 'E_NEMESIS_SCHEDULE'],
      [{ at: 1 }, 'E_NEMESIS_SCHEDULE'],
      [[{ at: 1, fault: 'meteor' }], 'E_NEMESIS_SPEC'],
      [
        [
          { at: 0, fault: 'kill', duration: 5000 },
          { at: 4000, fault: 'kill', target: 'n2' },
        ],
        'E_NEMESIS_SCHEDULE',
      ],
    ];
    for (const [entries, code] of bad) {
      assert.throws(
        () => explicitSchedule(entries, 1, 1000),
        (e: unknown) => e instanceof RedcheckError && e.code === code,
        JSON.stringify(entries),
      );
    }
  });
});
