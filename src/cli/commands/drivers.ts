/**
 * `kcapi drivers [NAME]`: every implementation the kernel has for an algorithm (or all of
 * them), with priority, module, self-test result, sync/async and sizes. Exit 3 when the
 * kernel has no such algorithm, 2 for a usage error.
 */
import chalk from 'chalk';
import { ExitStatus, UnsupportedError, UsageError } from '../../errors.js';
import { afAlgStatus } from '../../kernel/index.js';
import { listAllDrivers, listDrivers } from '../../kernel-info/drivers.js';
import { allDriversJson, driversJson, formatDriverTable } from '../../kernel-info/drivers-format.js';
import { parseCommand, subcommandProgram, type CommandDefinition } from './command-line.js';
import { chooseFormat, type FormatOptions } from './toolkit-args.js';

export const driversCommand: CommandDefinition = {
  name: 'drivers',
  program: () =>
    subcommandProgram(
      'drivers',
      'Lists every implementation (driver) the kernel has for the algorithm NAME (a generic name such as "cbc(aes)" ' +
        'or a driver name such as "cbc-aes-aesni"): priority, module, self-test result, synchronous or ' +
        'asynchronous, block/IV/key/tag/digest sizes. "*" marks the one the kernel binds for the generic name. ' +
        'Templates are instantiated first (NAME is bound, and for tmpl(inner) also tmpl(D) for each implementation ' +
        'D of inner), so they all appear. Without NAME: every algorithm the kernel has registered (nothing is ' +
        'instantiated).',
    )
      .argument('[NAME]', 'a generic algorithm name or a driver name')
      .allowExcessArguments()
      .option('--json', 'one JSON document (schema "kcapi-drivers/1")')
      .option('--format <format>', 'text (the default) or json'),
  epilogue: 'Exit status: 0 listed, 2 usage error, 3 the kernel has no such algorithm.\n',
};

export async function run(argv: string[]): Promise<number> {
  const parsed = parseCommand<FormatOptions>(driversCommand, argv);
  if (parsed.kind === 'help') {
    process.stdout.write(parsed.text);
    return ExitStatus.ok;
  }
  const { options: values, args: positionals } = parsed;
  const format = chooseFormat('drivers', ['text', 'json'] as const, values.format, values.json);
  if (positionals.length > 1) throw new UsageError(`drivers: one algorithm name at a time (got ${positionals.length})`);
  const colour = format === 'text' && process.stdout.isTTY === true && chalk.level > 0;
  const status = afAlgStatus();
  if (!status.available) process.stderr.write(`kcapi: drivers: ${status.reason}; templates are not instantiated\n`);

  const query = positionals[0];
  if (query === undefined) {
    const drivers = listAllDrivers();
    if (format === 'json') process.stdout.write(`${JSON.stringify(allDriversJson(drivers), null, 2)}\n`);
    else process.stdout.write(`${formatDriverTable(drivers, null).join('\n')}\n`);
    return ExitStatus.ok;
  }
  const listing = listDrivers(query);
  if (listing.drivers.length === 0) {
    const why = listing.instantiated.map((entry) => entry.result).join('; ');
    throw new UnsupportedError(`the kernel has no algorithm ${query}${why ? ` (${why})` : ''}`);
  }
  if (format === 'json') {
    process.stdout.write(`${JSON.stringify(driversJson(listing), null, 2)}\n`);
    return ExitStatus.ok;
  }
  const header =
    `${listing.algorithm}: ${listing.drivers.length} implementation${listing.drivers.length === 1 ? '' : 's'}` +
    (listing.selected ? `, the kernel binds ${listing.selected}` : '');
  const table = formatDriverTable(listing.drivers, listing.selected, (row, entry) =>
    !colour ? row : entry.driver === listing.selected ? chalk.bold(row) : entry.selftest !== 'passed' ? chalk.yellow(row) : row,
  );
  process.stdout.write(`${colour ? chalk.bold(header) : header}\n${table.join('\n')}\n`);
  return ExitStatus.ok;
}
