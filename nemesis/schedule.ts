import { z } from 'zod';
import { RedcheckError } from '../src/errors.js';
import { faultKind } from './registry.js';
import { durationMs } from '../src/common/durationMs.js';
import { createRandom } from '../src/common/random.js';
import { formatFaultSpec, parseFaultSpec, type FaultChoice, type FaultSpec } from './spec.js';

/** One planned fault. Times are milliseconds since the workload started. */
export interface ScheduledFault {
  readonly at: number;
  readonly spec: FaultSpec;
  /** How long the fault lasts before it is stopped; 0 for instantaneous faults. */
  readonly duration: number;
  /** Seed for the choices made when the fault starts (which replica, which halves). */
  readonly draw: number;
}

export interface DrawScheduleOptions {
  readonly seed: number;
  /**
   * The faults to draw from (uniformly; list one twice to double its weight). A choice of
   * several faults (`a+b` on the command line) holds them at once, nested in its period.
   */
  readonly faults: readonly (FaultSpec | FaultChoice)[];
  /** Length of each quiet period and of each fault period (`--nemesis-interval`), ms. */
  readonly intervalMs: number;
  /** Workload duration, ms; every fault period ends by then. */
  readonly timeLimitMs: number;
}

/**
 * Quiet and fault periods alternate, each `intervalMs` long, starting quiet: a fault starts at
 * `interval`, `3 interval`, `5 interval`, ... while its period fits in the time limit. Which
 * fault, and the seed of its runtime choices, come from the seed's own stream. Pure: the same
 * options give the same schedule. The parts of a composed choice nest: the first holds for the
 * whole period, part i (of k) starts i/(2k) of a period later and ends as much earlier, so a
 * partition with a kill inside it is `partition+kill`.
 */
export function drawSchedule(options: DrawScheduleOptions): ScheduledFault[] {
  const { faults, intervalMs, timeLimitMs } = options;
  if (!(intervalMs > 0)) throw new RangeError(`nemesis interval must be > 0 ms, got ${intervalMs}`);
  if (faults.length === 0) return [];
  const rng = createRandom(options.seed).fork('nemesis');
  const out: ScheduledFault[] = [];
  for (let at = intervalMs; at + intervalMs <= timeLimitMs; at += 2 * intervalMs) {
    const choice = rng.pick(faults);
    const parts: readonly FaultSpec[] = isChoice(choice) ? choice : [choice];
    parts.forEach((spec, i) => {
      const offset = Math.floor((i * intervalMs) / (2 * parts.length));
      const duration = faultKind(spec.fault).instantaneous ? 0 : intervalMs - 2 * offset;
      out.push({ at: at + offset, spec, duration, draw: rng.int(0x1_0000_0000) });
    });
  }
  return out;
}

function isChoice(f: FaultSpec | FaultChoice): f is FaultChoice {
  return Array.isArray(f);
}

const durationSchema = z.union([z.number(), z.string()]);
const entrySchema = z.strictObject({
  at: durationSchema,
  fault: z.string(),
  target: z.string().optional(),
  duration: durationSchema.optional(),
});

/** A schedule spelled out in a scenario: `[{at, fault, target?, duration?}]`. */
export type ExplicitScheduleEntry = z.infer<typeof entrySchema>;

/**
 * Validate a scenario's explicit schedule. `duration` defaults to `defaultDurationMs` (and is
 * 0 for instantaneous faults); entries are sorted by `at`; runtime choices are seeded from
 * `seed`. Faults may overlap (a kill inside a partition), but not two of the same kind: a
 * kind's nemesis holds one fault at a time. Throws `E_NEMESIS_SCHEDULE` (or `E_NEMESIS_SPEC`)
 * naming the bad entry.
 */
export function explicitSchedule(
  entries: unknown,
  seed: number,
  defaultDurationMs: number,
): ScheduledFault[] {
  const parsed = z.array(entrySchema).safeParse(entries);
  if (!parsed.success) {
    throw new RedcheckError(
      'E_NEMESIS_SCHEDULE',
      `bad nemesis schedule: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
      'give a list of {at, fault, target?, duration?}; at and duration in ms (numbers) or like "10s"',
    );
  }
  const rng = createRandom(seed).fork('nemesis-explicit');
  const out = parsed.data.map((e, i) => {
    const spec = parseFaultSpec(e.target === undefined ? e.fault : `${e.fault}:${e.target}`);
    const at = durationMs(`nemesis schedule[${i}].at`, e.at, 0);
    const duration = faultKind(spec.fault).instantaneous
      ? 0
      : durationMs(`nemesis schedule[${i}].duration`, e.duration, defaultDurationMs);
    return { at, spec, duration, draw: rng.int(0x1_0000_0000) };
  });
  out.sort((a, b) => a.at - b.at);
  for (let i = 0; i < out.length; i++) {
    const cur = out[i] as ScheduledFault;
    const prev = out
      .slice(0, i)
      .find((p) => p.spec.fault === cur.spec.fault && cur.at < p.at + p.duration);
    if (prev !== undefined) {
      throw new RedcheckError(
        'E_NEMESIS_SCHEDULE',
        `nemesis schedule overlaps: ${formatFaultSpec(cur.spec)} at ${cur.at} ms starts before ${formatFaultSpec(prev.spec)} (at ${prev.at} ms for ${prev.duration} ms) ends`,
        `faults of different kinds may overlap; give each ${cur.spec.fault} its own time span`,
      );
    }
  }
  return out;
}

/**
 * The schedule (sorted by `at`) cut where no fault holds: each group is one fault, or faults
 * whose spans overlap (directly or through others). Groups follow one another in time.
 */
export function overlapGroups(schedule: readonly ScheduledFault[]): ScheduledFault[][] {
  const groups: ScheduledFault[][] = [];
  let end = -Infinity;
  for (const item of schedule) {
    const last = groups[groups.length - 1];
    if (last !== undefined && item.at < end) last.push(item);
    else groups.push([item]);
    end = Math.max(item.at < end ? end : -Infinity, item.at + item.duration);
  }
  return groups;
}

/** JSON form for `scenario.json` and the report. */
export function scheduleToJson(
  schedule: readonly ScheduledFault[],
): { at: number; fault: string; target?: string; duration: number }[] {
  return schedule.map((s) => ({
    at: s.at,
    fault: s.spec.fault,
    ...(s.spec.target === undefined ? {} : { target: s.spec.target }),
    duration: s.duration,
  }));
}
