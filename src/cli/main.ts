import { COMMANDS } from './commands/index.js';
import { EXIT_ERROR, isRedcheckError } from '../errors.js';

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

/** Run the CLI with `argv` (without node and script) and resolve to the process exit code. */
export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    console.log(help());
    return name === undefined ? EXIT_ERROR : 0;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    console.error(
      `redcheck: unknown command "${name}"; known: ${COMMANDS.map((c) => c.name).join(', ')}`,
    );
    return EXIT_ERROR;
  }
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
    console.error(`redcheck ${name}: internal error`);
    console.error(e instanceof Error ? (e.stack ?? e.message) : String(e));
    return EXIT_ERROR;
  }
}

const code = await main(process.argv.slice(2));
process.exitCode = code;
