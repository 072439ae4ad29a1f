/**
 * `kcapi --batch FILE|-`: one kcapi invocation per line, all in this process, with stdout
 * byte for byte what running the lines one by one prints. Exit status 0 when every line
 * exited 0, 1 when one did not, 2 when the batch itself cannot be read or parsed (then
 * nothing runs). `--fail-fast` stops at the first failing line.
 */
import { readFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { ExitStatus, UsageError } from '../errors.js';
import { stdoutOutput } from '../ops/output.js';
import { parseArguments, type ParsedArguments } from './getopt.js';
import { optionName, optionTable, subcommands, type OptionKey } from './option-table.js';
import { complain, reportError } from './report.js';
import { ShellSyntaxError, splitCommands } from './shell-words.js';

export interface BatchLine {
  /** Line of the batch text the invocation starts on (1-based). */
  readonly line: number;
  /** Its arguments, without a leading program name. */
  readonly argv: readonly string[];
}

/**
 * Runs one kcapi invocation (a subcommand or the compatible command line) and resolves to its
 * exit status: main.ts's dispatcher, passed down so that the batch does not import its caller.
 */
export type LineRunner = (argv: readonly string[]) => Promise<number>;

export interface BatchOutcome {
  readonly status: number;
  readonly ran: number;
  /** Lines (1-based) that exited non-zero, with their status. */
  readonly failed: readonly { readonly line: number; readonly status: number }[];
  /** --fail-fast stopped the batch before its end. */
  readonly stopped: boolean;
}

/** The options an outer `--batch` command line may hold besides --batch. */
const batchCompanions: ReadonlySet<OptionKey> = new Set(['batch', 'failFast', 'vm']);
/** Options a batch line may not hold: they would start another batch or a guest. */
const nestedOptions: ReadonlySet<OptionKey> = new Set(['batch', 'vm']);

/** `source` names the text in messages (`file:line`). */
export function parseBatch(text: string, source: string): BatchLine[] {
  try {
    return splitCommands(text).map(({ line, words }) => ({ line, argv: withoutProgramName(words) }));
  } catch (error) {
    if (error instanceof ShellSyntaxError) throw new UsageError(`--batch: ${source}:${error.line}: ${error.message}`);
    throw error;
  }
}

/** A leading `kcapi` (or a path ending in /kcapi) is optional, as the command itself. */
function withoutProgramName(words: readonly string[]): readonly string[] {
  const first = words[0];
  return first !== undefined && basename(first) === 'kcapi' ? words.slice(1) : words;
}

/** Runs the lines in order; a failing line stops the batch only with `failFast`. */
export async function runBatch(lines: readonly BatchLine[], failFast: boolean, runLine: LineRunner): Promise<BatchOutcome> {
  const failed: { line: number; status: number }[] = [];
  let ran = 0;
  for (const { line, argv } of lines) {
    const status = await runLine(argv);
    ran++;
    if (status === ExitStatus.ok) continue;
    failed.push({ line, status });
    if (failFast) break;
  }
  const stopped = failFast && failed.length > 0 && ran < lines.length;
  return { status: failed.length > 0 ? ExitStatus.failed : ExitStatus.ok, ran, failed, stopped };
}

/** The name of a batch text in messages. */
function sourceName(file: string): string {
  return file === '-' ? 'stdin' : file;
}

/** Reads and parses FILE (or standard input for `-`); UsageError (exit 2) when it cannot. */
export function loadBatch(file: string): BatchLine[] {
  let text: string;
  try {
    text = readFileSync(file === '-' ? 0 : file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new UsageError(`--batch: cannot read ${file === '-' ? 'standard input' : file}: ${code}`);
  }
  return parseBatch(text, sourceName(file));
}

/**
 * The outer command line `kcapi --batch FILE [--fail-fast] [--vm[=KERNEL]]`. `inGuest`
 * re-runs it in a guest (with --vm), where FILE must be readable too; `dispatch` runs a line.
 */
export async function runBatchCommand(
  parsed: ParsedArguments,
  batch: string | undefined,
  failFast: boolean,
  inGuest: (() => Promise<number>) | undefined,
  dispatch: LineRunner,
): Promise<number> {
  if (batch === undefined) throw new UsageError('--fail-fast goes with --batch');
  const stray = parsed.occurrences.find((occurrence) => !batchCompanions.has(occurrence.spec.key));
  if (stray !== undefined) {
    throw new UsageError(
      `${optionName(stray.spec)} does not go with --batch: put it on the lines of the batch (only --fail-fast and --vm apply to the batch itself)`,
    );
  }
  if (inGuest !== undefined) {
    checkVisibleInGuest(batch);
    loadBatch(batch);
    return inGuest();
  }
  const lines = loadBatch(batch);
  const outcome = await runBatch(lines, failFast, (argv) => runBatchLine(argv, dispatch));
  reportOutcome(outcome, lines.length, sourceName(batch));
  return outcome.status;
}

/** With --vm the guest reads FILE: it sees the host's root read-only, but not its /tmp or stdin. */
function checkVisibleInGuest(file: string): void {
  if (file === '-') {
    throw new UsageError('--batch - cannot run in a guest (--vm): its standard input is empty; give a file');
  }
  const path = resolve(file);
  if (path === '/tmp' || path.startsWith('/tmp/')) {
    throw new UsageError(`--batch ${file}: the guest (--vm) cannot see the host's /tmp; put the file elsewhere`);
  }
}

function reportOutcome(outcome: BatchOutcome, total: number, source: string): void {
  if (outcome.failed.length === 0) return;
  const which = outcome.failed.map(({ line, status }) => `${source}:${line} (status ${status})`).join(', ');
  const stopped = outcome.stopped ? `; --fail-fast stopped after ${outcome.ran} of ${total}` : '';
  complain(`--batch: ${outcome.failed.length} of ${outcome.ran} lines failed: ${which}${stopped}`);
}

/**
 * One line, as `kcapi ARGS...` would run it (through `dispatch`): the reference-compatible
 * command line or a subcommand other than `vm`. --batch and --vm on a line, and the vm
 * command, are usage errors for that line.
 */
export async function runBatchLine(argv: readonly string[], dispatch: LineRunner): Promise<number> {
  const first = argv[0];
  const subcommand = subcommands.find((command) => command.name === first);
  if (subcommand?.name === 'vm') return usageError('the vm command cannot run on a --batch line');
  if (subcommand === undefined) {
    const nested = nestedOption(argv);
    if (nested !== undefined) return usageError(`${nested} cannot be used on a --batch line`);
  }
  return dispatch(argv);
}

function usageError(message: string): number {
  return reportError(new UsageError(message), stdoutOutput(), true);
}

function nestedOption(argv: readonly string[]): string | undefined {
  let parsed: ParsedArguments;
  try {
    parsed = parseArguments(argv, optionTable);
  } catch {
    return undefined; // the line's own run reports it
  }
  const nested = parsed.occurrences.find((occurrence) => nestedOptions.has(occurrence.spec.key));
  return nested === undefined ? undefined : optionName(nested.spec);
}
