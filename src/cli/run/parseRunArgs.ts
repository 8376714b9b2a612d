import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { parseCommandArgs, usageError as commandUsageError } from '../parseCommandArgs.js';
import { RedcheckError, errorMessage } from '../../errors.js';
import { parseScenarioInput, type ScenarioInput } from '../../runner/scenario.js';
import { SCENARIO_FLAGS } from '../../runner/scenario/scenarioFlags.js';
import { FAULT_OPTIONS, optionField } from '../../../nemesis/index.js';

const usageError = (message: string): RedcheckError => commandUsageError('run', message);

function toNumber(flag: string, text: string, int: boolean): number {
  const n = Number(text);
  if (text.trim() === '' || !Number.isFinite(n) || (int && !Number.isInteger(n))) {
    throw usageError(`--${flag} wants ${int ? 'an integer' : 'a number'}, got "${text}"`);
  }
  return n;
}

export type RunValues = ReturnType<typeof parseRunValues>;

/** The command line parsed by `node:util` with every flag of `redcheck run`. */
export function parseRunValues(argv: string[]) {
  const options: Record<string, { type: 'string' | 'boolean'; multiple?: boolean }> = {
    scenario: { type: 'string' },
    json: { type: 'boolean' },
  };
  for (const o of FAULT_OPTIONS) options[o.flag] = { type: 'string' };
  for (const f of SCENARIO_FLAGS) {
    options[f.flag] =
      f.kind === 'boolean'
        ? { type: 'boolean' }
        : f.kind === 'list'
          ? { type: 'string', multiple: true }
          : { type: 'string' };
  }
  return parseCommandArgs('run', {
    args: argv,
    options,
    strict: true,
    allowPositionals: false,
  }).values;
}

/** Command line -> scenario input (a `--scenario` file first, then the flags over it). */
export function parseRunArgs(argv: string[]): { input: ScenarioInput; json: boolean } {
  return inputOf(parseRunValues(argv));
}

/** Parsed flags -> scenario input (a `--scenario` file first, then the flags over it). */
export function inputOf(values: RunValues): { input: ScenarioInput; json: boolean } {
  let input: ScenarioInput = {};
  const file = values.scenario;
  if (typeof file === 'string') {
    let raw: unknown;
    try {
      // A byte-order mark (files saved by Windows editors) is not part of the JSON.
      raw = JSON.parse(readFileSync(file, 'utf8').replace(/^\uFEFF/, ''));
    } catch (e) {
      throw new RedcheckError(
        'E_SCENARIO',
        `cannot read scenario ${file}: ${errorMessage(e)}`,
        "give a JSON file with scenario fields (an earlier run's scenario.json works)",
      );
    }
    input = parseScenarioInput(raw, file);
    // A redis.conf named in a scenario file is relative to that file.
    if (input.redisConf !== undefined && !isAbsolute(input.redisConf)) {
      input = { ...input, redisConf: resolve(dirname(file), input.redisConf) };
    }
  }
  const flags: Record<string, unknown> = {};
  for (const f of SCENARIO_FLAGS) {
    const v = values[f.flag];
    if (v === undefined) continue;
    if (f.kind === 'boolean' || f.kind === 'list') flags[f.field] = v;
    else if (f.kind === 'int' || f.kind === 'number') {
      flags[f.field] = toNumber(f.flag, String(v), f.kind === 'int');
    } else flags[f.field] = v;
  }
  const faultOptions: Record<string, string> = {};
  for (const o of FAULT_OPTIONS) {
    const v = values[o.flag];
    if (typeof v === 'string') faultOptions[optionField(o.flag)] = v;
  }
  if (Object.keys(faultOptions).length > 0) {
    flags.faultOptions = { ...input.faultOptions, ...faultOptions };
  }
  return {
    input: { ...input, ...parseScenarioInput(flags, 'the command line') },
    json: values.json === true,
  };
}
