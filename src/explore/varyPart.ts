import type fc from 'fast-check';
import type { ResolvedScenario, ScenarioInput } from '../runner/scenario.js';

/** What a vary part needs to know of the fixed deployment. */
export interface SpaceContext {
  readonly fixed: ResolvedScenario;
  /** The longest a trial's workload runs, ms (`--trial-time`). */
  readonly trialTimeMs: number;
  /** `--fault-kinds`: kinds (`partition`) or specs (`kill:primary`) the faults are drawn from. */
  readonly faultKinds?: readonly string[];
}

/** One open part of the space. */
export interface VaryPart {
  /** Its `--vary` name. */
  readonly name: string;
  readonly help: string;
  /** The scenario fields it draws: fixing one of them as well is a contradiction. */
  readonly fields: readonly (keyof ScenarioInput)[];
  /** The flags those fields are given with, for the error message. */
  readonly flags: readonly string[];
  /** Its arbitrary; throws RedcheckError when the part cannot vary on this deployment. */
  arbitrary(ctx: SpaceContext): fc.Arbitrary<ScenarioInput>;
}

/** The shortest fault a schedule draws, ms (shorter when the trial time is below 2 s). */
export const MIN_FAULT_MS = 1000;
/** The most faults (and the most fault kinds) one trial injects. */
export const MAX_FAULTS = 4;
