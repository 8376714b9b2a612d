import fc from 'fast-check';
import { faultKind, parseFaultSpec } from '../../nemesis/index.js';
import type { ScenarioInput } from '../runner/scenario.js';
import { faultSpecsOrThrow } from './faultSpecs.js';
import { MAX_FAULTS, MIN_FAULT_MS, type SpaceContext, type VaryPart } from './varyPart.js';

/** Workload time before the first fault and after the last one, ms. */
export const SCHEDULE_MARGIN_MS = 1000;

type Entry = NonNullable<ScenarioInput['schedule']>[number];

/**
 * A drawn schedule: 1..4 faults, each a `fault:target` from the registry with its own start
 * and duration, inside the trial time. One after another, or with `overlap`, each fault may
 * start before the ones before it have ended (by its drawn `overlapMs`), unless that would
 * make two faults of one kind overlap, which the runner refuses. The run lasts until the last
 * fault ends plus a margin. Shrinking removes faults, moves them earlier, shortens them and
 * takes overlaps back (`overlapMs` shrinks to 0), and so shortens the run.
 */
function scheduleArbitrary(ctx: SpaceContext, part: string, overlap: boolean) {
  const specs = faultSpecsOrThrow(ctx, part);
  const room = ctx.trialTimeMs - 2 * SCHEDULE_MARGIN_MS;
  const minMs = Math.max(1, Math.min(MIN_FAULT_MS, room));
  const maxMs = Math.max(minMs, Math.floor(room / 2));
  const sequential = {
    spec: fc.constantFrom(...specs),
    gapMs: fc.integer({ min: 0, max: Math.max(0, Math.floor(room / MAX_FAULTS)) }),
    ms: fc.integer({ min: minMs, max: maxMs }),
  };
  // without overlaps, the record `schedule` has always drawn (so its seeds replay as before)
  const entry: fc.Arbitrary<{ spec: string; gapMs: number; ms: number; overlapMs?: number }> =
    overlap
      ? fc.record({ ...sequential, overlapMs: fc.integer({ min: 0, max: maxMs }) })
      : fc.record(sequential);
  return fc.array(entry, { minLength: 1, maxLength: MAX_FAULTS }).map((entries) => {
    const schedule: Entry[] = [];
    const placed: { fault: string; at: number; duration: number }[] = [];
    // the latest end so far
    let t = SCHEDULE_MARGIN_MS;
    for (const e of entries) {
      const spec = parseFaultSpec(e.spec);
      const duration = faultKind(spec.fault).instantaneous ? 0 : e.ms;
      let at = t + e.gapMs;
      if (e.overlapMs !== undefined && e.overlapMs > 0 && schedule.length > 0) {
        const early = Math.max(SCHEDULE_MARGIN_MS, t - e.overlapMs);
        const clash = placed.some(
          (s) => s.fault === spec.fault && early < s.at + s.duration && s.at < early + duration,
        );
        if (!clash) at = early;
      }
      // The first fault always fits (clipped to the room); a later one that does not is left out.
      const fits = at + duration <= SCHEDULE_MARGIN_MS + room;
      if (!fits && schedule.length > 0) break;
      const clipped = fits ? duration : Math.min(duration, room);
      placed.push({ fault: spec.fault, at: fits ? at : SCHEDULE_MARGIN_MS, duration: clipped });
      schedule.push({
        at: fits ? at : SCHEDULE_MARGIN_MS,
        fault: spec.fault,
        ...(spec.target === undefined ? {} : { target: spec.target }),
        duration: clipped,
      });
      t = Math.max(t, (fits ? at : SCHEDULE_MARGIN_MS) + clipped);
    }
    return { schedule, timeLimit: t + SCHEDULE_MARGIN_MS };
  });
}

const SCHEDULE_FIELDS = ['schedule', 'nemesis', 'nemesisInterval', 'timeLimit'] as const;
const SCHEDULE_FLAGS = [
  '--scenario with a schedule',
  '--nemesis',
  '--nemesis-interval',
  '--time-limit',
] as const;

/** The schedule part: faults spelled out, one after another. */
export const schedulePart: VaryPart = {
  name: 'schedule',
  help: `1..${MAX_FAULTS} faults spelled out, each its own kind:target, start and duration (>= ${MIN_FAULT_MS} ms), one after another within the trial time`,
  fields: [...SCHEDULE_FIELDS],
  flags: [...SCHEDULE_FLAGS],
  arbitrary: (ctx) => scheduleArbitrary(ctx, 'schedule', false),
};

/** The overlaps part: a schedule whose faults of different kinds may hold at the same time. */
export const overlapsPart: VaryPart = {
  name: 'overlaps',
  help: `as schedule, and a fault may start before the ones before it end, when they are of other kinds (a kill inside a partition)`,
  fields: [...SCHEDULE_FIELDS],
  flags: [...SCHEDULE_FLAGS],
  arbitrary: (ctx) => scheduleArbitrary(ctx, 'overlaps', true),
};
