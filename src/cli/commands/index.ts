import type { Command } from '../command.js';
import { imageCommand } from './image.js';
import { cleanupCommand } from './cleanup.js';
import { doctorCommand } from './doctor.js';
import { checkCommand } from './check.js';
import { runCommand } from './run.js';
import { reportCommand } from './report.js';
import { compareCommand } from './compare.js';
import { exportCommand } from './export.js';
import { suiteCommand } from './suite.js';

/** Every subcommand, in the order `redcheck --help` lists them. Add new commands here. */
export const COMMANDS: Command[] = [
  runCommand,
  checkCommand,
  reportCommand,
  compareCommand,
  exportCommand,
  suiteCommand,
  imageCommand,
  cleanupCommand,
  doctorCommand,
];
