import { readFileSync } from 'node:fs';
import { ExitStatus } from '../errors.js';
import { loadOperation, selectOperation } from '../ops/index.js';
import { packagePath } from '../package-root.js';
import { stdoutOutput, type Output } from '../ops/output.js';
import { processSources, unreadSources } from './data-source.js';
import { parseArguments, type ParsedArguments } from './getopt.js';
import { optionTable, type OptionKey } from './option-table.js';
import { complain, reportError } from './report.js';
import type { Invocation } from './json-result.js';
import { toRequest } from './to-options.js';

/** Runs one kcapi invocation: main.ts's dispatcher, for the lines of --batch. */
export type Dispatcher = (argv: readonly string[]) => Promise<number>;

/** Without main.ts's dispatcher, --batch lines run as compatible command lines only. */
const compatibleOnly: Dispatcher = (argv) => runCompatible(argv);

/**
 * The reference-compatible command line: `kcapi -x 1 -e -c "cbc(aes)" ...`; returns the
 * exit status. Loads nothing beyond the parser and the one operation module the options
 * select. Result lines go to `output` (stdout by default), diagnostics to stderr; `dispatch`
 * runs the lines of --batch (main.ts passes one that also knows the subcommands).
 */
export async function runCompatible(
  argv: readonly string[],
  output: Output = stdoutOutput(),
  dispatch: Dispatcher = compatibleOnly,
): Promise<number> {
  try {
    const parsed = parseArguments(argv, optionTable);
    if (given(parsed, 'help')) {
      const { helpText } = await import('./help.js');
      output.line(helpText().trimEnd());
      output.flush();
      return ExitStatus.ok;
    }
    if (given(parsed, 'version')) {
      output.line(`kcapi ${packageVersion()}`);
      output.flush();
      return ExitStatus.ok;
    }
    if (given(parsed, 'json') && !given(parsed, 'vm') && !given(parsed, 'batch') && !given(parsed, 'allDrivers')) {
      const { runAsJsonDocument } = await import('./json-result.js');
      return await runAsJsonDocument(output, (collected, observe) => runParsed(argv, parsed, collected, dispatch, observe));
    }
    return await runParsed(argv, parsed, output, dispatch);
  } catch (error) {
    return reportError(error, output, true);
  }
}

/** Everything after --help/--version; `observe` learns the options and operation (--json). */
async function runParsed(
  argv: readonly string[],
  parsed: ParsedArguments,
  output: Output,
  dispatch: Dispatcher,
  observe?: (invocation: Invocation) => void,
): Promise<number> {
  const inGuest = given(parsed, 'vm');
  const request = toRequest(parsed.occurrences, inGuest ? unreadSources : processSources(), output);
  if (request.batch !== undefined || request.failFast) {
    const { runBatchCommand } = await import('./batch.js');
    const vm = request.vm;
    return await runBatchCommand(parsed, request.batch, request.failFast, vm && (() => runInVm(argv, parsed, vm.kernel)), dispatch);
  }
  if (request.vm !== undefined) {
    return await runInVm(argv, parsed, request.vm.kernel);
  }
  const key = selectOperation(request.options);
  observe?.({ options: request.options, operation: key });
  if (key === undefined) {
    complain('nothing to do: give -x TYPE (or -y, -z, -h); see kcapi --help');
    return ExitStatus.failed;
  }
  const operation = await loadOperation(key);
  const { expect, verify, allDrivers } = request.options;
  if (expect !== undefined || verify || allDrivers) {
    const { runChecked } = await import('./checked-run.js');
    return await runChecked(operation, request.options, output);
  }
  const status = await operation.run(request.options, output);
  output.flush();
  return status ?? ExitStatus.ok;
}

function given(parsed: ParsedArguments, key: OptionKey): boolean {
  return parsed.occurrences.some((occurrence) => occurrence.spec.key === key);
}

function packageVersion(): string {
  const text = readFileSync(packagePath('package.json'), 'utf8');
  return (JSON.parse(text) as { version: string }).version;
}

/** `--vm[=KERNEL]`: the same invocation, without --vm, run by node inside a guest. */
async function runInVm(argv: readonly string[], parsed: ParsedArguments, kernel: string | undefined): Promise<number> {
  const vmWords = new Set<number>();
  for (const occurrence of parsed.occurrences) {
    if (occurrence.spec.key !== 'vm') continue;
    for (let word = 0; word < occurrence.wordCount; word++) vmWords.add(occurrence.index + word);
  }
  const rest = argv.filter((_, index) => !vmWords.has(index));
  const bin = packagePath('bin', 'kcapi.js');
  const vm = await import('../vm/index.js');
  // A stopped kcapi stops its guest (qemu would otherwise outlive it).
  const stop = new AbortController();
  const signals = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
  const handler = (): void => stop.abort(new Error('stopped by a signal'));
  for (const signal of signals) process.once(signal, handler);
  try {
    return await vm.runInGuest({ kernel, command: [process.execPath, bin, ...rest], signal: stop.signal });
  } catch (error) {
    if (stop.signal.aborted) return 130;
    throw error;
  } finally {
    for (const signal of signals) process.removeListener(signal, handler);
  }
}
