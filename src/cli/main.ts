import { ExitStatus } from '../errors.js';
import { CollectingOutput } from '../ops/output.js';
import { subcommands, type SubcommandName } from './option-table.js';
import { complain, isMissingModule, reportError, reportUnexpected } from './report.js';

/** Entry point of the command line: maps argv to work and typed errors to exit statuses. */
export async function main(argv: readonly string[]): Promise<number> {
  ignoreClosedStdout();
  try {
    const first = argv[0];
    if (first !== undefined && isSubcommand(first)) return await runSubcommand(first, argv.slice(1));
    const { runCompatible } = await import('./compatible.js');
    return await runCompatible(argv);
  } catch (error) {
    reportUnexpected(error);
    return ExitStatus.failed;
  }
}

function isSubcommand(word: string): word is SubcommandName {
  return subcommands.some((command) => command.name === word);
}

interface SubcommandModule {
  run(argv: readonly string[]): Promise<number>;
}

export async function runSubcommand(name: SubcommandName, argv: readonly string[]): Promise<number> {
  let command: SubcommandModule;
  try {
    command = (await import(`./commands/${name}.js`)) as SubcommandModule;
  } catch (error) {
    if (!isMissingModule(error, `commands/${name}.js`)) throw error;
    complain(`the "${name}" command is not implemented yet (src/cli/commands/${name}.ts is missing)`);
    return ExitStatus.usage;
  }
  try {
    return await command.run(argv);
  } catch (error) {
    const output = new CollectingOutput();
    const status = reportError(error, output, false);
    process.stdout.write(output.text());
    return status;
  }
}

/** `kcapi ... | head -1`: a closed pipe ends the output, it is not a crash. */
function ignoreClosedStdout(): void {
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
  });
}
