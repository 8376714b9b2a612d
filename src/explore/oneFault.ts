/**
 * The one-fault shrink: from a confirmed failure, the candidates that keep a single fault.
 * fast-check's shrink tree shrinks the fault periods and the fault length independently, and
 * the length only towards shorter, so it never offers "one period as long as the periods
 * together". These functions do, for the `faults` part (each spec alone, in one period of the
 * candidate's total fault time) and the `schedule` part (each entry alone, keeping its
 * duration, then each fault for the entries' total time), and then shorten the single fault
 * by bisection. `explore` judges them like any shrink candidate.
 */
import { faultKind } from '../../nemesis/index.js';
import { resolveScenario, type ResolvedScenario, type ScenarioInput } from '../runner/scenario.js';
import { SCHEDULE_MARGIN_MS } from './schedulePart.js';
import { MIN_FAULT_MS } from './varyPart.js';

/** The vary parts that draw the faults. */
export type FaultPart = 'faults' | 'schedule';

/** Bisection stops when the next length would be less than this much shorter, ms. */
export const SHORTEN_STEP_MS = 250;

/** The scenario fields either fault part draws: what `withFaultsOf` copies. */
const FAULT_FIELDS = ['schedule', 'nemesis', 'nemesisInterval', 'timeLimit'] as const;

/** A candidate of the one-fault shrink, with the line that says what it merged or cut. */
export interface OneFaultCandidate {
  input: ScenarioInput;
  note: string;
}

/**
 * How much fault a scenario injects, compared lexicographically: faults injected (fault
 * periods, or schedule entries), distinct specs, total fault time in ms.
 */
export type FaultWeight = readonly [faults: number, specs: number, totalMs: number];

export function faultPartOf(vary: readonly string[]): FaultPart | undefined {
  if (vary.includes('faults')) return 'faults';
  // `overlaps` draws a schedule too
  if (vary.includes('schedule') || vary.includes('overlaps')) return 'schedule';
  return undefined;
}

/** Fault periods of the drawn schedule: quiet and fault periods alternate (`drawSchedule`). */
function periods(s: ResolvedScenario): number {
  return Math.floor(s.timeLimitMs / (2 * s.nemesisIntervalMs));
}

export function faultWeight(part: FaultPart, input: ScenarioInput): FaultWeight {
  const s = resolveScenario(input);
  if (part === 'faults') {
    const n = periods(s);
    return [n, s.nemesis.length, n * s.nemesisIntervalMs];
  }
  const entries = s.schedule ?? [];
  const total = entries.reduce((sum, e) => sum + e.duration, 0);
  return [entries.length, s.nemesis.length, total];
}

/** Negative, 0 or positive as `a` weighs less than, as much as or more than `b`. */
export function compareWeight(a: FaultWeight, b: FaultWeight): number {
  for (let i = 0; i < a.length; i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/** One spec in one fault period (faults), or one schedule entry. */
export function isSingleFault(part: FaultPart, input: ScenarioInput): boolean {
  const [faults, specs] = faultWeight(part, input);
  return faults === 1 && specs === 1;
}

/** `input` with the fault fields of `from` (and the rest its own). */
export function withFaultsOf(input: ScenarioInput, from: ScenarioInput): ScenarioInput {
  const out: ScenarioInput = { ...input };
  for (const f of FAULT_FIELDS) {
    if (from[f] === undefined) delete out[f];
    else Object.assign(out, { [f]: from[f] });
  }
  return out;
}

function sameFaults(a: ScenarioInput, b: ScenarioInput): boolean {
  return FAULT_FIELDS.every((f) => JSON.stringify(a[f]) === JSON.stringify(b[f]));
}

/** Whether `a` and `b` differ in their fault fields only. */
export function sameOutsideFaults(a: ScenarioInput, b: ScenarioInput): boolean {
  const key = (x: ScenarioInput): string => {
    const rest: Record<string, unknown> = { ...x };
    for (const f of FAULT_FIELDS) delete rest[f];
    return JSON.stringify(Object.entries(rest).sort(([p], [q]) => p.localeCompare(q)));
  };
  return key(a) === key(b);
}

/** The longest a single fault may last in a trial, ms. */
function longestMs(part: FaultPart, trialTimeMs: number): number {
  return part === 'faults'
    ? Math.floor(trialTimeMs / 2)
    : Math.max(1, trialTimeMs - 2 * SCHEDULE_MARGIN_MS);
}

/** The shortest fault the part draws, ms. */
export function shortestMs(part: FaultPart, trialTimeMs: number): number {
  return Math.min(MIN_FAULT_MS, longestMs(part, trialTimeMs));
}

type Entry = NonNullable<ScenarioInput['schedule']>[number];

/** One fault of `ms`: one period of a single spec, or a single schedule entry. */
function single(part: FaultPart, input: ScenarioInput, spec: Entry | string, ms: number) {
  if (part === 'faults') {
    return withFaultsOf(input, {
      nemesis: [spec as string],
      nemesisInterval: ms,
      timeLimit: 2 * ms,
    });
  }
  const e = spec as Entry;
  const entry: Entry = {
    at: SCHEDULE_MARGIN_MS,
    fault: e.fault,
    ...(e.target === undefined ? {} : { target: e.target }),
    duration: ms,
  };
  return withFaultsOf(input, {
    schedule: [entry],
    timeLimit: SCHEDULE_MARGIN_MS + ms + SCHEDULE_MARGIN_MS,
  });
}

const specOf = (e: Entry): string => (e.target === undefined ? e.fault : `${e.fault}:${e.target}`);

/**
 * The single-fault candidates of a failing `input` that injects more than one fault, in the
 * order to try them: first the candidates that keep its total fault time (each spec alone in
 * one period as long as the periods together; each schedule entry alone with its duration,
 * then each fault alone for the entries' total time), then each one as long as a trial allows.
 * Every one is shorter than the trial time. When `input` is a single fault already: the same
 * fault at the start of a run trimmed to it, unless it is so already (then none).
 */
export function singleFaultCandidates(
  part: FaultPart,
  input: ScenarioInput,
  trialTimeMs: number,
): OneFaultCandidate[] {
  const s = resolveScenario(input);
  if (isSingleFault(part, input)) {
    // Already one fault: at most the same fault at the start of a run trimmed to it.
    const e = s.schedule?.[0];
    const ms = part === 'faults' ? s.nemesisIntervalMs : (e?.duration ?? 0);
    const trimmed = single(part, input, part === 'faults' ? (s.nemesis[0] ?? '') : (e ?? ''), ms);
    if (sameFaults(trimmed, input)) return [];
    const t = resolveScenario(trimmed).timeLimitMs;
    return [
      {
        input: trimmed,
        note: `one fault: moved to the start, run trimmed to it (timeLimit ${s.timeLimitMs} -> ${t} ms)`,
      },
    ];
  }
  const longest = longestMs(part, trialTimeMs);
  const out: OneFaultCandidate[] = [];
  if (part === 'faults') {
    const n = periods(s);
    const total = Math.min(longest, n * s.nemesisIntervalMs);
    const was = `${s.nemesis.length} spec(s), ${n} period(s) of ${s.nemesisIntervalMs} ms`;
    for (const spec of s.nemesis) {
      out.push({
        input: single(part, input, spec, total),
        note: `one fault: ${spec} alone, in 1 period of ${total} ms (was ${was}: the periods merged into one)`,
      });
    }
    if (total < longest) {
      for (const spec of s.nemesis) {
        out.push({
          input: single(part, input, spec, longest),
          note: `one fault: ${spec} alone, in 1 period of ${longest} ms, the longest a trial allows (was ${was})`,
        });
      }
    }
    return out;
  }
  const entries = s.schedule ?? [];
  const total = Math.min(
    longest,
    entries.reduce((sum, e) => sum + e.duration, 0),
  );
  const was = `${entries.length} entries, ${entries.map((e) => `${specOf(e)} ${e.duration} ms`).join(', ')}`;
  for (const [i, e] of entries.entries()) {
    out.push({
      input: single(part, input, e, e.duration),
      note: `one fault: entry ${i + 1}, ${specOf(e)} for ${e.duration} ms, alone (was ${was})`,
    });
  }
  const lasting = (e: Entry): boolean => !faultKind(e.fault).instantaneous;
  const kinds = new Map(entries.filter(lasting).map((e) => [specOf(e), e]));
  for (const length of total < longest ? [total, longest] : [total]) {
    for (const [spec, e] of kinds) {
      if (entries.some((x) => specOf(x) === spec && x.duration >= length)) continue;
      out.push({
        input: single(part, input, e, length),
        note: `one fault: ${spec} alone for ${length} ms (${length === total ? 'the entries merged into one' : 'the longest a trial allows'}; was ${was})`,
      });
    }
  }
  return out;
}

/** The length of a single fault (its period, or its schedule entry's duration), ms. */
export function singleFaultMs(part: FaultPart, input: ScenarioInput): number {
  const s = resolveScenario(input);
  return part === 'faults' ? s.nemesisIntervalMs : (s.schedule?.[0]?.duration ?? 0);
}

/**
 * The next length to try for a failing single fault of `failMs`, by bisection between the
 * longest length known to pass (`passMs`, none yet: half of `failMs`, at least the shortest)
 * and `failMs`. `undefined` when there is nothing worth trying: the fault is instantaneous, or
 * the step would be below `SHORTEN_STEP_MS` (a full confirmation for 10 ms is not worth it).
 */
export function nextShorterMs(
  part: FaultPart,
  input: ScenarioInput,
  trialTimeMs: number,
  passMs: number | undefined,
): number | undefined {
  const failMs = singleFaultMs(part, input);
  const min = shortestMs(part, trialTimeMs);
  const next =
    passMs === undefined
      ? Math.max(min, Math.round(failMs / 2))
      : Math.round((passMs + failMs) / 2);
  return failMs - next < SHORTEN_STEP_MS ? undefined : next;
}

/** The single fault `input` injects, `ms` long. */
export function withSingleFaultMs(
  part: FaultPart,
  input: ScenarioInput,
  ms: number,
): OneFaultCandidate {
  const s = resolveScenario(input);
  const was = singleFaultMs(part, input);
  if (part === 'faults') {
    return {
      input: single(part, input, s.nemesis[0] ?? '', ms),
      note: `one fault: ${s.nemesis[0] ?? ''} shortened, ${was} -> ${ms} ms`,
    };
  }
  const e = s.schedule?.[0];
  if (e === undefined) throw new Error('withSingleFaultMs: no schedule entry');
  return {
    input: single(part, input, e, ms),
    note: `one fault: ${specOf(e)} shortened, ${was} -> ${ms} ms`,
  };
}
