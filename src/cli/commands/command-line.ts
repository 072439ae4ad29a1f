/**
 * The command lines of the subcommands (`kcapi vectors|drivers|info|bench ...`): commander,
 * with `--help` generated from the declared options, and the man page's section of each
 * command generated from the same text (command-help.ts). The reference-compatible command
 * line is getopt.ts. This module is only loaded with a subcommand: a plain run never loads
 * commander (test/cli/startup.test.ts).
 */
import { Command, CommanderError, type OptionValues } from 'commander';
import { UsageError } from '../../errors.js';

/** A subcommand: its commander program and the text its help ends with (exit statuses). */
export interface CommandDefinition {
  readonly name: string;
  /** A fresh program each time: commander keeps the parsed values on it. */
  program(): Command;
  readonly epilogue: string;
}

/** A program for `kcapi NAME` that reports help and errors as values instead of printing and exiting. */
export function subcommandProgram(name: string, description: string): Command {
  return new Command(`kcapi ${name}`)
    .description(description)
    .helpOption('-h, --help', 'show this help')
    .exitOverride()
    .configureOutput({ writeOut: () => {}, writeErr: () => {}, outputError: () => {} });
}

/** `kcapi NAME --help`: the generated usage, description and options, then the epilogue. */
export function helpText(command: CommandDefinition): string {
  return `${command.program().helpInformation()}\n${command.epilogue}`;
}

export type ParsedCommand<T> =
  { readonly kind: 'help'; readonly text: string } | { readonly kind: 'run'; readonly options: T; readonly args: readonly string[] };

/** Parses `argv` (the words after NAME); a bad command line is a UsageError "NAME: ...". */
export function parseCommand<T extends OptionValues>(command: CommandDefinition, argv: readonly string[]): ParsedCommand<T> {
  const program = command.program();
  try {
    program.parse([...argv], { from: 'user' });
  } catch (error) {
    if (!(error instanceof CommanderError)) throw error;
    if (error.code === 'commander.helpDisplayed' || error.code === 'commander.help') return { kind: 'help', text: helpText(command) };
    throw new UsageError(`${command.name}: ${error.message.replace(/^error: /, '').replace(/\s*\n\s*/g, ' ')}`);
  }
  return { kind: 'run', options: program.opts<T>(), args: program.args };
}
