/** A `redcheck` subcommand. Each lives in `src/cli/commands/<name>.ts` and is listed, with its one-line summary, in `commands/index.ts`. */
export interface Command {
  readonly name: string;
  /** Full usage text for `redcheck <name> --help`. */
  readonly usage: string;
  /**
   * Run with the arguments after the command name. Resolves to the exit code: 0 valid,
   * 1 invalid, 3 unknown. User errors are thrown as RedcheckError (exit 2, no stack trace).
   */
  run(argv: string[]): Promise<number>;
}
