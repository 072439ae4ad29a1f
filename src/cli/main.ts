import { ExitStatus } from '../errors.js';
import { CollectingOutput, stdoutOutput } from '../ops/output.js';
import { subcommands, type SubcommandName } from './option-table.js';
import { reportError, reportUnexpected } from './report.js';

export { useStdoutStream } from '../ops/stdout.js';

/** Loads the compatible path ahead of a run (the persistent guest's warm workers). */
export async function preloadCompatible(): Promise<void> {
  await import('./compatible.js');
}

/** Entry point of the command line: maps argv to work and typed errors to exit statuses. */
export async function main(argv: readonly string[]): Promise<number> {
  ignoreClosedStdout();
  try {
    return await dispatch(argv);
  } catch (error) {
    reportUnexpected(error);
    return ExitStatus.internal;
  }
}

/** One invocation: a subcommand, or the compatible command line (whose --batch lines come back here). */
async function dispatch(argv: readonly string[]): Promise<number> {
  const first = argv[0];
  if (first !== undefined && isSubcommand(first)) return await runSubcommand(first, argv.slice(1));
  const { runCompatible } = await import('./compatible.js');
  return await runCompatible(argv, stdoutOutput(), dispatch);
}

function isSubcommand(word: string): word is SubcommandName {
  return subcommands.some((command) => command.name === word);
}

interface SubcommandModule {
  run(argv: readonly string[]): Promise<number>;
}

/** Static imports, so that a bundler sees every command (a template import() hides them). */
const commandLoaders: Record<SubcommandName, () => Promise<SubcommandModule>> = {
  vm: () => import('./commands/vm.js'),
  vectors: () => import('./commands/vectors.js'),
  drivers: () => import('./commands/drivers.js'),
  info: () => import('./commands/info.js'),
  bench: () => import('./commands/bench.js'),
};

async function runSubcommand(name: SubcommandName, argv: readonly string[]): Promise<number> {
  const command = await commandLoaders[name]();
  try {
    return await command.run(argv);
  } catch (error) {
    const output = new CollectingOutput();
    const status = reportError(error, output, false);
    process.stdout.write(output.text());
    return status;
  }
}

let stdoutGuarded = false;

/**
 * `kcapi ... | head -1`: a closed pipe ends the output, it is not a crash. The handler goes on
 * process.stdout when something first creates that stream: a plain run writes to descriptor 1
 * (ops/stdout.ts) and should not pay for building the stream.
 */
function ignoreClosedStdout(): void {
  if (stdoutGuarded) return;
  stdoutGuarded = true;
  const guard = (stream: NodeJS.WriteStream): NodeJS.WriteStream =>
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE') throw error;
    });
  const descriptor = Object.getOwnPropertyDescriptor(process, 'stdout');
  const create = descriptor?.get;
  if (create === undefined || descriptor?.configurable !== true) {
    guard(process.stdout);
    return;
  }
  Object.defineProperty(process, 'stdout', {
    configurable: true,
    enumerable: descriptor.enumerable ?? true,
    get(): NodeJS.WriteStream {
      Object.defineProperty(process, 'stdout', descriptor);
      return guard(create.call(process) as NodeJS.WriteStream);
    },
  });
}
