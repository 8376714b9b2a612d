import type { Command } from '../command.js';

/** Every subcommand, in the order `redcheck --help` lists them. Add new commands here. */
export const COMMANDS: Command[] = [];
