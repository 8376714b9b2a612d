/**
 * `redcheck explore` in a child process for the interruption test: the command's own entry,
 * without the CLI's command list, so the test does not depend on how `main` loads commands.
 */
import { errorMessage } from '../../src/errors.js';
import { exploreCommand } from '../../src/cli/commands/explore.js';

exploreCommand.run(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e: unknown) => {
    process.stderr.write(`error: ${errorMessage(e)}\n`);
    process.exit(2);
  },
);
