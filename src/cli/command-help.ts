import { parseVmArguments } from '../vm/cli/vm-command.js';
import { benchCommand } from './commands/bench.js';
import { helpText } from './commands/command-line.js';
import { driversCommand } from './commands/drivers.js';
import { infoCommand } from './commands/info.js';
import { vectorsCommand } from './commands/vectors.js';

/**
 * What `kcapi COMMAND --help` prints, for each command (and each `kcapi vm` action), generated
 * by commander from the commands' declared options: the man page carries these texts, so
 * that it documents every command's options from the same source.
 */
export function commandHelpTexts(): { readonly title: string; readonly text: string }[] {
  const vmHelp = (argv: string[]): string => {
    const parsed = parseVmArguments(argv);
    if (parsed.kind !== 'help') throw new Error(`kcapi vm ${argv.join(' ')} gave no help text`);
    return parsed.text;
  };
  return [
    { title: 'vm', text: vmHelp(['--help']) },
    { title: 'vm start', text: vmHelp(['start', '--help']) },
    { title: 'vm stop', text: vmHelp(['stop', '--help']) },
    { title: 'vm status', text: vmHelp(['status', '--help']) },
    ...[vectorsCommand, driversCommand, infoCommand, benchCommand].map((command) => ({ title: command.name, text: helpText(command) })),
  ];
}
