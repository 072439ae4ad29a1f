/** The subcommands' command lines (commander): help from the declared options, usage errors as one line. */
import { describe, expect, it } from 'vitest';
import { benchCommand } from '../../src/cli/commands/bench.js';
import { helpText, parseCommand, type CommandDefinition } from '../../src/cli/commands/command-line.js';
import { driversCommand } from '../../src/cli/commands/drivers.js';
import { infoCommand } from '../../src/cli/commands/info.js';
import { vectorsCommand } from '../../src/cli/commands/vectors.js';
import { subcommands } from '../../src/cli/option-table.js';
import { UsageError } from '../../src/errors.js';

const commands: readonly CommandDefinition[] = [vectorsCommand, driversCommand, infoCommand, benchCommand];

function usageError(command: CommandDefinition, argv: string[]): string {
  try {
    parseCommand(command, argv);
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return (error as Error).message;
  }
  throw new Error(`no usage error for ${command.name} ${argv.join(' ')}`);
}

describe('subcommand command lines', () => {
  it('cover every subcommand of the table but vm (src/vm/cli/vm-command.ts)', () => {
    expect(commands.map((command) => command.name).sort()).toEqual(
      subcommands
        .map((command) => command.name)
        .filter((name) => name !== 'vm')
        .sort(),
    );
  });

  it.each(commands.map((command) => [command.name, command] as const))('%s: --help lists every declared option', (_, command) => {
    const text = helpText(command);
    expect(text).toMatch(new RegExp(`^Usage: kcapi ${command.name} `));
    const options = command.program().options;
    expect(options.length).toBeGreaterThan(0);
    for (const option of options) expect(text).toContain(option.flags);
    expect(text.endsWith(command.epilogue)).toBe(true);
    expect(parseCommand(command, ['--help'])).toEqual({ kind: 'help', text });
    expect(parseCommand(command, ['-h'])).toEqual({ kind: 'help', text });
    // At the default width (not a terminal) it fits 80 columns, as the man page shows it.
    for (const line of text.split('\n')) expect(line.length, line).toBeLessThanOrEqual(80);
  });

  it.each(commands.map((command) => [command.name, command] as const))(
    '%s: an unknown option is one usage line naming the command',
    (_, command) => {
      const message = usageError(command, ['--jsno']);
      expect(message).toMatch(new RegExp(`^${command.name}: unknown option '--jsno'`));
      expect(message).not.toContain('\n');
    },
  );

  it('takes values attached or in the next word, and operands where declared', () => {
    expect(parseCommand(vectorsCommand, ['--format=tap', 'a.rsp', '--grep', 'CBC', 'b'])).toMatchObject({
      kind: 'run',
      options: { format: 'tap', grep: 'CBC', progress: true },
      args: ['a.rsp', 'b'],
    });
    expect(parseCommand(driversCommand, ['--json', 'sha256'])).toMatchObject({ kind: 'run', options: { json: true }, args: ['sha256'] });
    expect(usageError(infoCommand, ['extra'])).toMatch(/^info: too many arguments/);
    expect(usageError(benchCommand, ['--sizes'])).toMatch(/^bench: option '--sizes <list>' argument missing/);
  });
});
