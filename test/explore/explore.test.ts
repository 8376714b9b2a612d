import assert from 'node:assert/strict';
import fc from 'fast-check';
import { RedcheckError } from '../../src/errors.js';
import {
  explore,
  exploreResultSchema,
  exploreSpace,
  faultSpecsFor,
  MIN_FAULT_MS,
  parseProperty,
  SCHEDULE_MARGIN_MS,
  SHORTEN_STEP_MS,
  type ExploreResult,
  type ExploreRunner,
} from '../../src/explore/index.js';
import { resolveScenario, type ResolvedScenario } from '../../src/runner/scenario.js';

const TRIAL_MS = 12_000;
const CULPRIT = 'partition:primary-with-clients';

function space(vary = ['faults', 'concurrency']) {
  return exploreSpace({ topology: 'sentinel', mode: 'async' }, vary, TRIAL_MS);
}

/** Fake measures: `set.lost` > 0 when `fails` says so. */
function runner(fails: (s: ResolvedScenario, id: string) => boolean): ExploreRunner {
  return (s, id) => {
    const failed = fails(s, id);
    return Promise.resolve({ measures: { 'set.lost': failed ? 3 : 0, valid: !failed } });
  };
}

const hasCulprit = (s: ResolvedScenario): boolean => s.nemesis.includes(CULPRIT);

/**
 * Fake measures where `real` scenarios always fail and any other fails with probability `p`
 * (drawn from `seed`), but never `confirm` times in a row: it fails only sometimes.
 */
function noisyRunner(
  real: (s: ResolvedScenario) => boolean,
  seed: number,
  p: number,
  confirm: number,
): ExploreRunner {
  const rng = fc.sample(fc.double({ min: 0, max: 1, noNaN: true }), { seed, numRuns: 5000 });
  let draw = 0;
  const streak = new Map<string, number>();
  return runner((s, id) => {
    if (real(s)) return true;
    const n = streak.get(id) ?? 0;
    const fails = n + 1 < confirm && (rng[draw++ % rng.length] ?? 1) < p;
    streak.set(id, fails ? n + 1 : 0);
    return fails;
  });
}

const quiet = () => undefined;

function expectUsage(f: () => unknown, pattern: RegExp): void {
  assert.throws(f, (e: unknown) => {
    assert.ok(e instanceof RedcheckError, String(e));
    assert.equal(e.code, 'E_USAGE');
    assert.match(`${e.message} ${e.fix ?? ''}`, pattern);
    return true;
  });
}

describe('explore (fake runner, no Docker)', () => {
  it('draws only fault specs valid on the topology, and every drawn scenario resolves', () => {
    const s = space();
    const specs = faultSpecsFor(resolveScenario({ topology: 'sentinel', seed: 1 }));
    assert.ok(specs.includes(CULPRIT), specs.join(' '));
    assert.ok(!specs.some((x) => x.startsWith('cluster-')), specs.join(' '));
    fc.assert(
      fc.property(s.arbitrary, (input) => {
        const r = resolveScenario(input);
        assert.ok(r.faults.length >= 1 && r.faults.length <= 4);
        assert.ok(r.timeLimitMs <= TRIAL_MS && r.timeLimitMs >= 2 * r.nemesisIntervalMs);
        for (const f of r.nemesis) assert.ok(specs.includes(f), f);
      }),
      { numRuns: 200 },
    );
  });

  it('shrinks a deterministic failure to the single fault, the shortest and fewest workers', async () => {
    const r = await explore({
      space: space(),
      property: parseProperty('set.lost == 0'),
      trials: 30,
      seed: 42,
      maxShrinkRuns: 500,
      runOne: runner(hasCulprit),
      log: quiet,
    });
    exploreResultSchema.parse(r);
    assert.equal(r.exitCode, 1);
    const min = r.candidates.find((c) => c.id === r.minimal);
    assert.ok(min, 'a minimal candidate');
    // The shortest, to within one bisection step (a confirmation for 10 ms is not worth it).
    const ms = min.varied.nemesisInterval as number;
    assert.ok(ms >= MIN_FAULT_MS && ms < MIN_FAULT_MS + SHORTEN_STEP_MS, String(ms));
    assert.deepEqual(min.varied, {
      nemesis: [CULPRIT],
      nemesisInterval: ms,
      timeLimit: 2 * ms,
      concurrency: 1,
    });
    assert.equal(min.verdict, 'fail');
    assert.equal(min.runs.length, 2);
    assert.ok(r.steps.length > 0 && r.steps.every((s) => s.changes.length > 0));
    assert.equal(r.steps.at(-1)?.id, r.minimal);
    const first = r.candidates.find((c) => c.id === r.firstFailure);
    assert.equal(first?.phase, 'trial');
    assert.equal(typeof first?.path, 'string');
    assert.equal(r.counterexamplePath?.split(':')[0], first?.path);
    // No candidate runs twice, though fast-check's shrink tree offers some again.
    const inputs = r.candidates.map((c) => JSON.stringify([c.seed, c.varied]));
    assert.equal(new Set(inputs).size, inputs.length);
    // The search stops at the first failing trial.
    assert.equal(r.candidates.filter((c) => c.phase === 'trial').at(-1)?.id, r.firstFailure);
  });

  it('--fault-kinds keeps the faults to the kinds and specs listed', () => {
    const s = exploreSpace({ topology: 'sentinel' }, ['faults'], TRIAL_MS, [
      'partition',
      'kill:primary',
    ]);
    assert.ok(s.faultSpecs.length >= 3);
    assert.ok(s.faultSpecs.every((x) => x.startsWith('partition:') || x === 'kill:primary'));
    fc.assert(
      fc.property(s.arbitrary, (input) => {
        for (const f of resolveScenario(input).nemesis) assert.ok(s.faultSpecs.includes(f), f);
      }),
    );
  });

  it('--vary schedule draws 1..4 faults one after another within the trial time', () => {
    fc.assert(
      fc.property(space(['schedule']).arbitrary, (input) => {
        const r = resolveScenario(input);
        const sched = r.schedule ?? [];
        assert.ok(sched.length >= 1 && sched.length <= 4, JSON.stringify(sched));
        assert.ok(r.timeLimitMs <= TRIAL_MS);
        let end = 0;
        for (const e of sched) {
          assert.ok(e.at >= end, `overlap in ${JSON.stringify(sched)}`);
          end = e.at + e.duration;
        }
        assert.equal(r.timeLimitMs, end + SCHEDULE_MARGIN_MS);
      }),
      { numRuns: 200 },
    );
  });

  it('--vary overlaps lets faults of different kinds hold at once, never two of one kind', () => {
    let overlapping = 0;
    fc.assert(
      fc.property(space(['overlaps']).arbitrary, (input) => {
        const r = resolveScenario(input); // the runner's own check: no same-kind overlap
        const sched = r.schedule ?? [];
        assert.ok(sched.length >= 1 && sched.length <= 4, JSON.stringify(sched));
        assert.ok(r.timeLimitMs <= TRIAL_MS);
        const end = Math.max(...sched.map((e) => e.at + e.duration));
        assert.equal(r.timeLimitMs, end + SCHEDULE_MARGIN_MS);
        const overlaps = sched.some((a, i) =>
          sched.some((b, j) => i < j && b.at < a.at + a.duration && a.at < b.at + b.duration),
        );
        if (overlaps) overlapping++;
      }),
      { numRuns: 200 },
    );
    assert.ok(overlapping > 40, `${overlapping} of 200 drawn schedules overlap`);
  });

  it('--vary overlaps shrinks a failure that needs two faults at once to those two', async () => {
    type Placed = { at: number; duration: number; fault: string; target?: string };
    const spec = (e: Placed): string => `${e.fault}:${e.target ?? ''}`;
    // lost writes only when a kill of the primary falls inside a partition of it with its clients
    const killInsidePartition = (s: ResolvedScenario): boolean => {
      const sched = (s.schedule ?? []) as Placed[];
      return sched.some(
        (p) =>
          spec(p) === CULPRIT &&
          sched.some((k) => spec(k) === 'kill:primary' && k.at >= p.at && k.at < p.at + p.duration),
      );
    };
    const r = await explore({
      space: exploreSpace({ topology: 'sentinel', mode: 'async' }, ['overlaps'], TRIAL_MS, [
        CULPRIT,
        'kill:primary',
        'pause:primary',
      ]),
      property: parseProperty('set.lost == 0'),
      trials: 60,
      seed: 3,
      maxShrinkRuns: 500,
      runOne: runner(killInsidePartition),
      log: quiet,
    });
    assert.equal(r.exitCode, 1, 'a trial drew a kill inside the partition');
    const min = r.candidates.find((c) => c.id === r.minimal);
    const sched = (min?.varied.schedule ?? []) as Placed[];
    assert.deepEqual(
      sched.map(spec).sort(),
      ['kill:primary', CULPRIT].sort(),
      JSON.stringify(sched),
    );
  });

  it('--vary schedule shrinks to the one fault that matters, early and short', async () => {
    const r = await explore({
      space: space(['schedule']),
      property: parseProperty('set.lost == 0'),
      trials: 30,
      seed: 8,
      maxShrinkRuns: 500,
      runOne: runner((s) =>
        (s.schedule ?? []).some((e) => `${e.fault}:${e.target ?? ''}` === CULPRIT),
      ),
      log: quiet,
    });
    assert.equal(r.exitCode, 1);
    const min = r.candidates.find((c) => c.id === r.minimal);
    const [fault, target] = CULPRIT.split(':');
    const sched = min?.varied.schedule as { duration: number }[] | undefined;
    const ms = sched?.[0]?.duration ?? 0;
    assert.ok(ms >= MIN_FAULT_MS && ms < MIN_FAULT_MS + SHORTEN_STEP_MS, String(ms));
    assert.deepEqual(min?.varied, {
      schedule: [{ at: SCHEDULE_MARGIN_MS, fault, target, duration: ms }],
      timeLimit: 2 * SCHEDULE_MARGIN_MS + ms,
    });
    assert.ok(r.steps.some((s) => s.changes.some((c) => c.startsWith('schedule: removed'))));
  });

  it('finds nothing when the property holds, and says how many trials ran', async () => {
    const r = await explore({
      space: space(),
      property: parseProperty('set.lost == 0'),
      trials: 7,
      seed: 1,
      runOne: runner(() => false),
      log: quiet,
    });
    assert.equal(r.exitCode, 0);
    assert.equal(r.trialsRun, 7);
    assert.equal(r.runs, 7);
    assert.equal(r.minimal, undefined);
    assert.ok(r.candidates.every((c) => c.verdict === 'pass'));
  });

  it('never reports a candidate that fails only sometimes as minimal', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 2 ** 31 }),
        fc.double({ min: 0.2, max: 0.95, noNaN: true }),
        fc.integer({ min: 2, max: 4 }),
        async (seed, p, confirm) => {
          // The culprit always fails; anything else only sometimes.
          const flakyRunner = noisyRunner(hasCulprit, seed, p, confirm);
          const r = await explore({
            space: space(['faults']),
            property: parseProperty('set.lost == 0'),
            trials: 20,
            seed,
            confirm,
            maxShrinkRuns: 300,
            runOne: flakyRunner,
            log: quiet,
          });
          if (r.minimal === undefined) return;
          const min = r.candidates.find((c) => c.id === r.minimal);
          assert.ok(min);
          assert.ok((min.varied.nemesis as string[]).includes(CULPRIT), JSON.stringify(min));
          assert.equal(min.runs.length, confirm);
          assert.ok(min.runs.every((x) => x.holds === false));
          for (const c of r.candidates.filter((x) => x.verdict === 'fail')) {
            assert.ok((c.varied.nemesis as string[]).includes(CULPRIT));
          }
        },
      ),
      { numRuns: 25 },
    );
  });

  describe('the one-fault shrink', () => {
    const NEED_MS = 3000;
    /** Fault periods of a drawn schedule, and the fault time in all. */
    const periods = (s: ResolvedScenario): number =>
      Math.floor(s.timeLimitMs / (2 * s.nemesisIntervalMs));
    const faultTimeMs = (s: ResolvedScenario): number => periods(s) * s.nemesisIntervalMs;
    /** Loses writes when the culprit is among the faults and they last NEED_MS in all. */
    const needsTime = (s: ResolvedScenario): boolean => hasCulprit(s) && faultTimeMs(s) >= NEED_MS;
    const minimalOf = (r: ExploreResult) => {
      const min = r.candidates.find((c) => c.id === r.minimal);
      assert.ok(min, 'a minimal candidate');
      return min;
    };

    it('shrinks a failure that needs total fault time >= X to one fault of length >= X', async () => {
      await fc.assert(
        fc.asyncProperty(fc.integer({ min: 0, max: 2 ** 31 }), async (seed) => {
          const r = await explore({
            space: space(['faults']),
            property: parseProperty('set.lost == 0'),
            trials: 30,
            seed,
            maxShrinkRuns: 500,
            runOne: runner(needsTime),
            log: quiet,
          });
          if (r.minimal === undefined) return;
          const min = minimalOf(r);
          const ms = min.varied.nemesisInterval as number;
          assert.deepEqual(min.varied.nemesis, [CULPRIT]);
          assert.equal(min.varied.timeLimit, 2 * ms, 'one fault period');
          assert.ok(ms >= NEED_MS && ms < NEED_MS + 2 * SHORTEN_STEP_MS, String(ms));
          // The one-fault steps reach a single fault first; fast-check adds nothing here.
          assert.ok(r.steps.every((s) => s.by === 'one-fault'));
          const first = r.candidates.find((c) => c.id === r.firstFailure);
          const merged = r.steps.find((s) => s.changes[0]?.includes('merged'));
          const trialPeriods = Math.floor(
            (first?.varied.timeLimit as number) / (2 * (first?.varied.nemesisInterval as number)),
          );
          if (trialPeriods > 1 && (first?.varied.nemesis as string[]).length === 1) {
            assert.equal(r.steps[0], merged, JSON.stringify(r.steps));
          }
          // Few runs: the single-fault candidates of each spec, then a bisection.
          assert.ok(r.shrinkRuns <= 20, String(r.shrinkRuns));
        }),
        { numRuns: 15 },
      );
    });

    it('--vary schedule: entries alone or merged into one fault of their total time', async () => {
      const need = 2500;
      const culpritMs = (s: ResolvedScenario): number =>
        (s.schedule ?? [])
          .filter((e) => `${e.fault}:${e.target ?? ''}` === CULPRIT)
          .reduce((sum, e) => sum + e.duration, 0);
      await fc.assert(
        fc.asyncProperty(fc.integer({ min: 0, max: 2 ** 31 }), async (seed) => {
          const r = await explore({
            space: space(['schedule']),
            property: parseProperty('set.lost == 0'),
            trials: 30,
            seed,
            maxShrinkRuns: 500,
            runOne: runner((s) => culpritMs(s) >= need),
            log: quiet,
          });
          if (r.minimal === undefined) return;
          const min = minimalOf(r).varied;
          const sched = min.schedule as { at: number; duration: number }[];
          assert.equal(sched.length, 1, JSON.stringify(sched));
          const d = sched[0]?.duration ?? 0;
          assert.ok(d >= need && d < need + 2 * SHORTEN_STEP_MS, String(d));
          // At the start of a run trimmed to it.
          assert.equal(sched[0]?.at, SCHEDULE_MARGIN_MS);
          assert.equal(min.timeLimit, 2 * SCHEDULE_MARGIN_MS + d);
          assert.ok(r.steps.every((s) => s.by === 'one-fault'));
        }),
        { numRuns: 15 },
      );
    });

    it('with a noisy runner, never yields a minimal candidate that passed once', async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.integer({ min: 0, max: 2 ** 31 }),
          fc.double({ min: 0.2, max: 0.95, noNaN: true }),
          fc.integer({ min: 2, max: 3 }),
          async (seed, p, confirm) => {
            // A real failure fails always; anything else only sometimes.
            const noisy = noisyRunner(needsTime, seed, p, confirm);
            const r = await explore({
              space: space(['faults']),
              property: parseProperty('set.lost == 0'),
              trials: 20,
              seed,
              confirm,
              maxShrinkRuns: 300,
              runOne: noisy,
              log: quiet,
            });
            const everFailed = (id: string): boolean => {
              const c = r.candidates.find((x) => x.id === id);
              return (
                c !== undefined &&
                c.verdict === 'fail' &&
                c.runs.length === confirm &&
                c.runs.every((x) => x.holds === false)
              );
            };
            for (const step of r.steps) assert.ok(everFailed(step.id), JSON.stringify(step));
            if (r.minimal === undefined) return;
            assert.ok(everFailed(r.minimal));
            const min = resolveScenario({
              topology: 'sentinel',
              mode: 'async',
              seed: 1,
              ...minimalOf(r).varied,
            });
            assert.ok(needsTime(min), JSON.stringify(minimalOf(r).varied));
          },
        ),
        { numRuns: 20 },
      );
    });

    it('gives way to fast-check when no single fault fails alone', async () => {
      const other = 'kill:primary';
      const r = await explore({
        space: space(['faults']),
        property: parseProperty('set.lost == 0'),
        trials: 100,
        seed: 4,
        maxShrinkRuns: 500,
        runOne: runner((s) => hasCulprit(s) && s.nemesis.includes(other)),
        log: quiet,
      });
      assert.equal(r.exitCode, 1);
      const min = minimalOf(r);
      assert.deepEqual([...(min.varied.nemesis as string[])].sort(), [other, CULPRIT].sort());
      assert.ok(r.steps.some((s) => s.by === 'fast-check'));
    });
  });

  it('a flaky trial is recorded as the first failure but not shrunk from', async () => {
    let calls = 0;
    const r = await explore({
      space: space(['faults']),
      property: parseProperty('set.lost == 0'),
      trials: 3,
      seed: 5,
      runOne: runner(() => calls++ === 0),
      log: quiet,
    });
    assert.equal(r.exitCode, 0);
    assert.equal(r.firstFailure, 'trial-0');
    assert.equal(r.candidates[0]?.verdict, 'flaky');
    assert.equal(r.minimal, undefined);
  });

  it('respects --max-shrink-runs', async () => {
    const r = await explore({
      space: space(),
      property: parseProperty('set.lost == 0'),
      trials: 5,
      // A trial of three specs over three periods: shrinking it takes more than 3 runs.
      seed: 4,
      maxShrinkRuns: 3,
      runOne: runner(() => true),
      log: quiet,
    });
    assert.equal(r.shrinkRuns, 3);
    assert.equal(r.runs, 2 + 3);
    assert.match(r.stopped ?? '', /max-shrink-runs 3/);
    // The second shrink candidate had 1 of its 2 runs when the limit came: not confirmed.
    assert.deepEqual(
      r.candidates.map((c) => c.verdict),
      ['fail', 'fail', 'unconfirmed'],
    );
    assert.equal(r.minimal, 'shrink-0');
    assert.equal(r.exitCode, 1);
    const min = r.candidates.find((c) => c.id === r.minimal);
    assert.equal(min?.verdict, 'fail');
  });

  it('respects --budget: no run starts once it is spent', async () => {
    let clock = 0;
    const r = await explore({
      space: space(),
      property: parseProperty('set.lost == 0'),
      trials: 50,
      seed: 9,
      budgetMs: 5_000,
      now: () => clock,
      runOne: (s, id) => {
        clock += 1_000;
        return runner(() => false)(s, id);
      },
      log: quiet,
    });
    assert.equal(r.runs, 5);
    assert.equal(r.trialsRun, 5);
    assert.match(r.stopped ?? '', /budget/);
    assert.equal(r.exitCode, 0);
  });

  it('stops at an interrupted run and leaves the rest unrun', async () => {
    const r = await explore({
      space: space(),
      property: parseProperty('set.lost == 0'),
      trials: 10,
      seed: 2,
      runOne: () => Promise.resolve({ measures: { 'set.lost': 0 }, interrupted: 'SIGINT' }),
      log: quiet,
    });
    assert.equal(r.runs, 1);
    assert.equal(r.exitCode, 2);
    assert.match(r.stopped ?? '', /interrupted: SIGINT/);
  });

  it('records a run error as undecided, not as a failure', async () => {
    const r = await explore({
      space: space(),
      property: parseProperty('set.lost == 0'),
      trials: 2,
      seed: 2,
      runOne: () => Promise.reject(new RedcheckError('E_SCENARIO', 'boom')),
      log: quiet,
    });
    assert.equal(r.exitCode, 0);
    assert.deepEqual(
      r.candidates.map((c) => c.verdict),
      ['error', 'error'],
    );
    assert.match(r.candidates[0]?.runs[0]?.error ?? '', /E_SCENARIO: boom/);
  });

  describe('bad input is exit 2 with what was expected', () => {
    it('an unknown property field', () => {
      expectUsage(() => parseProperty('set.lots == 0'), /unknown name "set.lots".*set\.lost/s);
      expectUsage(() => parseProperty('set.lost =='), /expected a value/);
      expectUsage(() => parseProperty(undefined), /--property/);
    });
    it('a --vary part that does not exist', () => {
      expectUsage(() => space(['faults', 'weather']), /unknown part "weather".*faults/s);
      expectUsage(() => space([]), /concurrency/);
      expectUsage(() => space(['faults', 'schedule']), /both draw the faults/);
    });
    it('a fixed option that contradicts a varied one', () => {
      expectUsage(
        () =>
          exploreSpace({ topology: 'sentinel', persistence: 'aof-always' }, ['persistence'], 5000),
        /persistence.*fixed/,
      );
      expectUsage(
        () => exploreSpace({ topology: 'sentinel', nemesis: ['kill'] }, ['faults'], 5000),
        /--nemesis/,
      );
      expectUsage(
        () => exploreSpace({ topology: 'sentinel', timeLimit: '9s' }, ['faults'], 5000),
        /--trial-time/,
      );
    });
    it('a --fault-kinds entry that is no kind on the topology, or without faults varied', () => {
      expectUsage(
        () => exploreSpace({ topology: 'sentinel' }, ['faults'], 5000, ['migrate']),
        /"migrate".*partition:primary-with-clients/s,
      );
      expectUsage(
        () => exploreSpace({ topology: 'sentinel' }, ['concurrency'], 5000, ['kill']),
        /--fault-kinds without faults/,
      );
    });
    it('a part that cannot vary on the fixed topology', () => {
      expectUsage(
        () => exploreSpace({ topology: 'standalone' }, ['min-replicas-to-write'], 5000),
        /no replicas/,
      );
    });
  });
});
