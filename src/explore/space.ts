/**
 * The space `redcheck explore` searches: the scenario fields a user fixed (as for `run`), and
 * the parts left open (`--vary`), each a fast-check arbitrary built from the registries.
 * Every drawn scenario resolves (`resolveScenario`), so a trial never fails on its own input.
 */
import fc from 'fast-check';
import { RedcheckError, errorMessage } from '../errors.js';
import { PERSISTENCE_PRESETS, REDIS_FLAVORS } from '../cluster/types.js';
import { MAX_SEED } from '../common/random.js';
import { resolveScenario, type ResolvedScenario, type ScenarioInput } from '../runner/scenario.js';
import { faultSpecsFor, faultSpecsOrThrow } from './faultSpecs.js';
import { overlapsPart, schedulePart } from './schedulePart.js';
import { MAX_FAULTS, MIN_FAULT_MS, type SpaceContext, type VaryPart } from './varyPart.js';

export { faultSpecsFor, MAX_FAULTS, MIN_FAULT_MS };
export type { SpaceContext, VaryPart };

/**
 * The faults part: 1..4 fault kinds (with targets), 1..4 fault periods of one length. The
 * runner's schedule alternates quiet and fault periods of `nemesisInterval` and picks a kind
 * per period from the seed, so the run lasts `2 * count * faultMs` (at most the trial time).
 * Shrinking removes kinds, periods and shortens them.
 */
export const faults: VaryPart = {
  name: 'faults',
  help: `1..${MAX_FAULTS} fault kinds from the registry (valid on the topology), 1..${MAX_FAULTS} fault periods, each ${MIN_FAULT_MS} ms .. trial-time/2`,
  fields: ['nemesis', 'nemesisInterval', 'timeLimit'],
  flags: ['--nemesis', '--nemesis-interval', '--time-limit'],
  arbitrary(ctx) {
    const specs = faultSpecsOrThrow(ctx, 'faults');
    const maxMs = Math.floor(ctx.trialTimeMs / 2);
    const minMs = Math.min(MIN_FAULT_MS, maxMs);
    return fc
      .record({
        kinds: fc.uniqueArray(fc.constantFrom(...specs), { minLength: 1, maxLength: MAX_FAULTS }),
        count: fc.integer({ min: 1, max: MAX_FAULTS }),
        faultMs: fc.integer({ min: minMs, max: maxMs }),
      })
      .map(({ kinds, count, faultMs }) => ({
        nemesis: kinds,
        nemesisInterval: faultMs,
        timeLimit: Math.min(ctx.trialTimeMs, 2 * count * faultMs),
      }));
  },
};

const concurrency: VaryPart = {
  name: 'concurrency',
  help: 'workers, 1..16',
  fields: ['concurrency'],
  flags: ['--concurrency'],
  arbitrary: () => fc.integer({ min: 1, max: 16 }).map((n) => ({ concurrency: n })),
};

const persistence: VaryPart = {
  name: 'persistence',
  help: `persistence preset: ${PERSISTENCE_PRESETS.join(', ')}`,
  fields: ['persistence'],
  flags: ['--persistence'],
  arbitrary: () => fc.constantFrom(...PERSISTENCE_PRESETS).map((p) => ({ persistence: p })),
};

const minReplicasToWrite: VaryPart = {
  name: 'min-replicas-to-write',
  help: 'min-replicas-to-write, 0..replicas',
  fields: ['minReplicasToWrite'],
  flags: ['--min-replicas-to-write'],
  arbitrary(ctx) {
    if (ctx.fixed.replicas === 0) {
      throw new RedcheckError(
        'E_USAGE',
        `--vary min-replicas-to-write: topology ${ctx.fixed.topology} has no replicas`,
        'use --topology replication or sentinel, or leave min-replicas-to-write out of --vary',
      );
    }
    return fc.integer({ min: 0, max: ctx.fixed.replicas }).map((n) => ({ minReplicasToWrite: n }));
  },
};

const redis: VaryPart = {
  name: 'redis',
  help: `image: ${REDIS_FLAVORS.join(', ')}`,
  fields: ['redis'],
  flags: ['--redis'],
  arbitrary: () => fc.constantFrom(...REDIS_FLAVORS).map((r) => ({ redis: r })),
};

/** Every part `--vary` may name, in the order the page lists them. */
export const VARY_PARTS: readonly VaryPart[] = [
  faults,
  schedulePart,
  overlapsPart,
  concurrency,
  persistence,
  minReplicasToWrite,
  redis,
];

/** The space of one exploration, resolved and checked. */
export interface ExploreSpace {
  /** The fixed scenario fields as the user gave them (store included). */
  readonly fixed: ScenarioInput;
  /** The open parts, by name. */
  readonly vary: readonly string[];
  readonly trialTimeMs: number;
  /** Fault specs the faults part draws from (empty when faults are fixed). */
  readonly faultSpecs: readonly string[];
  /** A whole scenario input: the fixed fields, the drawn ones and a seed. */
  readonly arbitrary: fc.Arbitrary<ScenarioInput>;
}

function varyPart(name: string): VaryPart {
  const part = VARY_PARTS.find((p) => p.name === name);
  if (part === undefined) {
    throw new RedcheckError(
      'E_USAGE',
      `--vary: unknown part "${name}"`,
      `expected a comma-separated list of: ${VARY_PARTS.map((p) => p.name).join(', ')}`,
    );
  }
  return part;
}

function resolves(input: ScenarioInput): boolean {
  try {
    resolveScenario(input);
    return true;
  } catch {
    return false;
  }
}

/**
 * Build the space. Throws RedcheckError (exit 2) for an unknown part, a fixed field that a
 * varied part draws, and fixed options that do not resolve.
 */
export function exploreSpace(
  fixed: ScenarioInput,
  varyNames: readonly string[],
  trialTimeMs: number,
  /** `--fault-kinds`: the kinds or specs the faults are drawn from (default every one). */
  faultKinds?: readonly string[],
): ExploreSpace {
  if (varyNames.length === 0) {
    throw new RedcheckError(
      'E_USAGE',
      '--vary names no part',
      `expected a comma-separated list of: ${VARY_PARTS.map((p) => p.name).join(', ')}`,
    );
  }
  const parts = [...new Set(varyNames)].map(varyPart);
  for (const [i, p] of parts.entries()) {
    const other = parts.slice(i + 1).find((q) => q.fields.some((f) => p.fields.includes(f)));
    if (other !== undefined) {
      throw new RedcheckError(
        'E_USAGE',
        `--vary ${p.name},${other.name}: both draw the faults`,
        `vary one of ${p.name} (periods drawn by the seed) or ${other.name} (each fault spelled out)`,
      );
    }
  }
  for (const p of parts) {
    const clash = p.fields.find((f) => fixed[f] !== undefined);
    if (clash !== undefined) {
      throw new RedcheckError(
        'E_USAGE',
        `--vary ${p.name} draws ${clash}, and it is fixed as well (${JSON.stringify(fixed[clash])})`,
        `leave ${p.flags.join(', ')} out when ${p.name} varies${p.name === 'faults' ? '; the run length is --trial-time' : ''}, or drop ${p.name} from --vary`,
      );
    }
  }
  if (fixed.seed !== undefined) {
    throw new RedcheckError(
      'E_USAGE',
      `a fixed scenario seed (${fixed.seed}) with explore`,
      "each trial draws its own scenario seed from explore's --seed: leave the scenario's seed out",
    );
  }
  const base: ScenarioInput = { ...fixed, timeLimit: fixed.timeLimit ?? trialTimeMs };
  let resolved: ResolvedScenario;
  try {
    resolved = resolveScenario({ ...base, seed: 0 });
  } catch (e) {
    if (e instanceof RedcheckError) throw e;
    throw new RedcheckError('E_USAGE', `fixed options: ${errorMessage(e)}`);
  }
  const drawsFaults = parts.some((p) => p.fields.includes('nemesis'));
  if (faultKinds !== undefined && !drawsFaults) {
    throw new RedcheckError(
      'E_USAGE',
      '--fault-kinds without faults or schedule in --vary',
      'add faults or schedule to --vary, or fix the faults with --nemesis',
    );
  }
  const ctx: SpaceContext = {
    fixed: resolved,
    trialTimeMs,
    ...(faultKinds === undefined ? {} : { faultKinds }),
  };
  const drawn = parts.map((p) => p.arbitrary(ctx));
  const arbitrary = fc
    .tuple(fc.noShrink(fc.integer({ min: 0, max: MAX_SEED })), ...drawn)
    .map(([seed, ...rest]) => Object.assign({ ...base }, ...rest, { seed }) as ScenarioInput)
    .filter(resolves);
  return {
    fixed,
    vary: parts.map((p) => p.name),
    trialTimeMs,
    faultSpecs: drawsFaults ? faultSpecsOrThrow(ctx, 'faults') : [],
    arbitrary,
  };
}

/** The fields a varied part drew, for the page and the shrink steps. */
export function variedFields(space: ExploreSpace, input: ScenarioInput): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const name of space.vary) {
    for (const f of varyPart(name).fields) if (input[f] !== undefined) out[f] = input[f];
  }
  return out;
}
