import { parseArgs, type ParseArgsConfig } from 'node:util';
import { errorMessage, RedcheckError } from '../errors.js';

/** A usage error of `redcheck <command>`: exit 2, pointing at the command's help. */
export function usageError(command: string, message: string): RedcheckError {
  return new RedcheckError('E_USAGE', message, `see \`redcheck ${command} --help\``);
}

/** `node:util` parseArgs, with its errors turned into a usage error of `command`. */
export function parseCommandArgs<T extends ParseArgsConfig>(
  command: string,
  config: T,
): ReturnType<typeof parseArgs<T>> {
  try {
    return parseArgs(config);
  } catch (e) {
    throw usageError(command, errorMessage(e));
  }
}
