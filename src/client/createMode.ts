import { RedcheckError } from '../errors.js';
import { MODE_NAMES, type Mode, type ModeName } from './mode.js';
import { asyncMode } from './modes/asyncMode.js';
import { luaMode } from './modes/luaMode.js';
import { multiMode } from './modes/multiMode.js';
import { waitMode, type WaitModeOptions } from './modes/waitMode.js';
import { waitaofMode, type WaitaofModeOptions } from './modes/waitaofMode.js';

/** Options of every mode; each mode reads only its own (`wait` reads the WAIT ones). */
export type ModeOptions = WaitModeOptions & WaitaofModeOptions;

const REGISTRY: Record<ModeName, (options: ModeOptions) => Mode> = {
  async: () => asyncMode(),
  wait: (options) => waitMode(options),
  multi: () => multiMode(),
  lua: () => luaMode(),
  waitaof: (options) => waitaofMode(options),
};

export function isModeName(name: string): name is ModeName {
  return (MODE_NAMES as readonly string[]).includes(name);
}

/** The mode called `name`; a RedcheckError listing the valid names when there is none. */
export function createMode(name: string, options: ModeOptions = {}): Mode {
  if (!isModeName(name)) {
    throw new RedcheckError(
      'E_UNKNOWN_MODE',
      `unknown mode "${name}"; valid modes: ${MODE_NAMES.join(', ')}`,
      `pass --mode with one of: ${MODE_NAMES.join(', ')}`,
    );
  }
  return REGISTRY[name](options);
}
