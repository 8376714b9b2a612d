import { RedcheckError } from '../../errors.js';
import type { Topology } from '../../cluster/types.js';
import {
  checkSpecsFor,
  explicitSchedule,
  formatFaultChoice,
  formatFaultSpec,
  parseNemesisChoices,
  scheduleToJson,
  type FaultSpec,
} from '../../../nemesis/index.js';
import type { ScenarioInput } from './scenarioInput.js';
import type { ScheduleJson } from './resolvedScenario.js';

/**
 * The fault specs of `--nemesis`, parsed once and checked against the deployment the run will
 * start, before Docker is touched. Throws exit-2 errors naming the bad spec.
 */
export function resolveFaults(
  nemesis: readonly string[],
  deployment: { topology: Topology; nodeCount: number },
): { nemesis: string[]; faults: FaultSpec[] } {
  const choices = nemesis.length === 0 ? [] : parseNemesisChoices(nemesis.join(','));
  const faults = choices.flat();
  checkSpecsFor(faults, deployment);
  return { nemesis: choices.map(formatFaultChoice), faults };
}

/**
 * A scenario's explicit schedule, checked against the deployment and the time limit and put
 * in ms; its faults become the scenario's `nemesis`. A `nemesis` given beside it must name
 * the same faults (a stored `scenario.json` has both).
 */
export function resolveSchedule(
  input: ScenarioInput,
  deployment: { topology: Topology; nodeCount: number },
  timing: { nemesisIntervalMs: number; timeLimitMs: number },
): { schedule: ScheduleJson[]; nemesis: string[]; faults: FaultSpec[] } | undefined {
  if (input.schedule === undefined) return undefined;
  // The seed only picks each fault's runtime choices; the runner draws them with the run's.
  const planned = explicitSchedule(input.schedule, 0, timing.nemesisIntervalMs);
  const faults = planned.map((p) => p.spec);
  checkSpecsFor(faults, deployment);
  const late = planned.find((p) => p.at + p.duration > timing.timeLimitMs);
  if (late !== undefined) {
    throw new RedcheckError(
      'E_NEMESIS_SCHEDULE',
      `schedule: ${formatFaultSpec(late.spec)} at ${late.at} ms for ${late.duration} ms ends after the workload's time limit (${timing.timeLimitMs} ms)`,
      'start it earlier, shorten it, or raise time-limit',
    );
  }
  const nemesis = [...new Set(faults.map(formatFaultSpec))];
  if (input.nemesis !== undefined) {
    const given = resolveFaults([input.nemesis].flat(), deployment).nemesis;
    const same = given.length === nemesis.length && given.every((g) => nemesis.includes(g));
    if (!same) {
      throw new RedcheckError(
        'E_SCENARIO',
        `nemesis ${JSON.stringify(given.join(','))} and schedule (${nemesis.join(',')}) disagree`,
        'give either nemesis (faults drawn by the seed) or schedule (faults spelled out), not both',
      );
    }
  }
  return { schedule: scheduleToJson(planned), nemesis, faults };
}
