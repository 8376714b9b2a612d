import { format } from 'node:util';
import { COMMANDS } from './commands/index.js';
import { EXIT_ERROR, isRedcheckError } from '../errors.js';
import { escapeTerminal } from '../common/terminal.js';

function help(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length), 8);
  const lines = COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`);
  return [
    'redcheck: Jepsen-style consistency testing for Redis',
    '',
    'usage: redcheck <command> [options]   (redcheck <command> --help for its options)',
    '',
    'commands:',
    ...lines,
  ].join('\n');
}

/** Where a bug is reported: the project's issue tracker. */
const REPORT_BUGS = 'the redcheck issue tracker (the project this checkout came from)';

/**
 * What the CLI prints for an error that is not a RedcheckError: a bug. No stack trace unless
 * REDCHECK_DEBUG is set; the command to re-run it (with its seed, when it was given) and
 * where to report it.
 */
export function internalError(argv: readonly string[], e: unknown): string[] {
  const name = argv[0] ?? '';
  const message = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
  const lines = [
    `redcheck ${name}: internal error (a bug in redcheck): ${message.split('\n')[0] ?? ''}`,
    `  command: redcheck ${argv.map(quoteArg).join(' ')}`,
  ];
  const seed = argv.findIndex((a) => a === '--seed' || a.startsWith('--seed='));
  if (seed !== -1) lines.push(`  seed: ${argv[seed]?.split('=')[1] ?? argv[seed + 1] ?? ''}`);
  else if (name === 'run' || name === 'suite') {
    lines.push('  seed: printed at the start of the run and stored in scenario.json');
  }
  lines.push(`  please report it, with the command and the input, to ${REPORT_BUGS}`);
  if (process.env.REDCHECK_DEBUG) lines.push(e instanceof Error ? (e.stack ?? '') : '');
  else lines.push('  (set REDCHECK_DEBUG=1 for the stack trace)');
  return lines;
}

function quoteArg(a: string): string {
  return /^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`;
}

/**
 * Every line printed through `console` goes through `escapeTerminal`: values from histories
 * and files (keys, `f`, error texts) cannot send terminal escapes into a terminal or CI log.
 * Newlines and tabs stay. Returns a function that puts the console back.
 */
export function escapeConsole(): () => void {
  const saved = { log: console.log, error: console.error, warn: console.warn, info: console.info };
  const wrap =
    (write: (...args: unknown[]) => void) =>
    (...args: unknown[]): void =>
      write(escapeTerminal(format(...args)));
  console.log = wrap(saved.log);
  console.info = wrap(saved.info);
  console.error = wrap(saved.error);
  console.warn = wrap(saved.warn);
  return () => Object.assign(console, saved);
}

/** Run the CLI with `argv` (without node and script) and resolve to the process exit code. */
export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    console.log(help());
    return name === undefined ? EXIT_ERROR : 0;
  }
  const entry = COMMANDS.find((c) => c.name === name);
  if (!entry) {
    console.error(
      `redcheck: unknown command ${JSON.stringify(name)}; known: ${COMMANDS.map((c) => c.name).join(', ')}`,
    );
    return EXIT_ERROR;
  }
  const command = await entry.load();
  if (rest.includes('--help') || rest.includes('-h')) {
    console.log(command.usage);
    return 0;
  }
  try {
    return await command.run(rest);
  } catch (e) {
    if (isRedcheckError(e)) {
      console.error(`redcheck ${name}: ${e.message}`);
      if (e.fix) console.error(`  fix: ${e.fix}`);
      return EXIT_ERROR;
    }
    for (const line of internalError(argv, e)) console.error(line);
    return EXIT_ERROR;
  }
}

const argv = process.argv.slice(2);
escapeConsole();
// An error thrown outside the command's promise (a stream's error event, a timer) is a bug
// too: the same message and exit 2, never Node's own trace.
const onStray = (e: unknown): void => {
  for (const line of internalError(argv, e)) console.error(line);
  process.exit(EXIT_ERROR);
};
process.on('uncaughtException', onStray);
process.on('unhandledRejection', onStray);
process.exitCode = await main(argv);
