import fc from 'fast-check';
import { faultKind, parseFaultSpec } from '../../nemesis/index.js';
import type { ScenarioInput } from '../runner/scenario.js';
import { faultSpecsOrThrow } from './faultSpecs.js';
import { MAX_FAULTS, MIN_FAULT_MS, type VaryPart } from './varyPart.js';

/** Workload time before the first fault and after the last one, ms. */
export const SCHEDULE_MARGIN_MS = 1000;

type Entry = NonNullable<ScenarioInput['schedule']>[number];

/**
 * The schedule part: 1..4 faults spelled out, each a `fault:target` from the registry with its
 * own start and duration, one after another (no overlap), inside the trial time. The run lasts
 * until the last fault ends plus a margin. Shrinking removes faults, moves them earlier and
 * shortens them, and so shortens the run.
 */
export const schedulePart: VaryPart = {
  name: 'schedule',
  help: `1..${MAX_FAULTS} faults spelled out, each its own kind:target, start and duration (>= ${MIN_FAULT_MS} ms), one after another within the trial time`,
  fields: ['schedule', 'nemesis', 'nemesisInterval', 'timeLimit'],
  flags: ['--scenario with a schedule', '--nemesis', '--nemesis-interval', '--time-limit'],
  arbitrary(ctx) {
    const specs = faultSpecsOrThrow(ctx, 'schedule');
    const room = ctx.trialTimeMs - 2 * SCHEDULE_MARGIN_MS;
    const minMs = Math.max(1, Math.min(MIN_FAULT_MS, room));
    const maxMs = Math.max(minMs, Math.floor(room / 2));
    const entry = fc.record({
      spec: fc.constantFrom(...specs),
      gapMs: fc.integer({ min: 0, max: Math.max(0, Math.floor(room / MAX_FAULTS)) }),
      ms: fc.integer({ min: minMs, max: maxMs }),
    });
    return fc.array(entry, { minLength: 1, maxLength: MAX_FAULTS }).map((entries) => {
      const schedule: Entry[] = [];
      let t = SCHEDULE_MARGIN_MS;
      for (const e of entries) {
        const spec = parseFaultSpec(e.spec);
        const duration = faultKind(spec.fault).instantaneous ? 0 : e.ms;
        const at = t + e.gapMs;
        // The first fault always fits (clipped to the room); a later one that does not is left out.
        const fits = at + duration <= SCHEDULE_MARGIN_MS + room;
        if (!fits && schedule.length > 0) break;
        const clipped = fits ? duration : Math.min(duration, room);
        schedule.push({
          at: fits ? at : SCHEDULE_MARGIN_MS,
          fault: spec.fault,
          ...(spec.target === undefined ? {} : { target: spec.target }),
          duration: clipped,
        });
        t = (fits ? at : SCHEDULE_MARGIN_MS) + clipped;
      }
      return { schedule, timeLimit: t + SCHEDULE_MARGIN_MS };
    });
  },
};
