import { parseVmArguments } from '../vm/vm-command.js';
import { benchUsage } from './commands/bench.js';
import { driversUsage } from './commands/drivers.js';
import { infoUsage } from './commands/info.js';
import { vectorsUsage } from './commands/vectors.js';

/**
 * What `kcapi COMMAND --help` prints, for each command (and each `kcapi vm` action): the
 * man page carries these texts, so that it documents every command's options.
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
    { title: 'vectors', text: vectorsUsage },
    { title: 'drivers', text: driversUsage },
    { title: 'info', text: infoUsage },
    { title: 'bench', text: benchUsage },
  ];
}
