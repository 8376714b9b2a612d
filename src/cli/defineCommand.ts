import type { parseArgs, ParseArgsConfig } from 'node:util';
import type { Command } from './command.js';
import { parseCommandArgs } from './parseCommandArgs.js';

type Options = NonNullable<ParseArgsConfig['options']>;

/** What a command's `run` gets: its flags by `options` and its positional arguments. */
export type ParsedArgs<O extends Options> = ReturnType<
  typeof parseArgs<{ args: string[]; options: O; allowPositionals: true; strict: true }>
>;

/** A command as declared: its flags as data, and `run` over them once parsed. */
export interface CommandSpec<O extends Options> {
  readonly name: string;
  /** Full usage text for `redcheck <name> --help`. */
  readonly usage: string;
  /** The flags (node:util parseArgs options); any other flag is a usage error. */
  readonly options: O;
  /** Whether the command takes positional arguments (default no: one is a usage error). */
  readonly positionals?: boolean;
  /** Run with the parsed arguments; resolves to the exit code, as `Command.run`. */
  run(parsed: ParsedArgs<O>): Promise<number>;
}

/**
 * The command `spec` declares: its arguments are parsed (strict) by `options` before `run`
 * sees them, a bad one being a usage error of `spec.name` (exit 2).
 */
export function defineCommand<O extends Options>(spec: CommandSpec<O>): Command {
  return {
    name: spec.name,
    usage: spec.usage,
    run: (argv) =>
      spec.run(
        // Positionals are typed as allowed; parseArgs refuses them unless `spec.positionals`.
        parseCommandArgs<{ args: string[]; options: O; allowPositionals: true; strict: true }>(
          spec.name,
          {
            args: argv,
            options: spec.options,
            allowPositionals: (spec.positionals ?? false) as true,
            strict: true,
          },
        ),
      ),
  };
}
