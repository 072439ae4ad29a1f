/**
 * `kcapi info`: what this kernel offers to AF_ALG users. Always reports (exit 0), also on a
 * kernel without AF_ALG ("AF_ALG: unavailable ..."); 2 for a usage error.
 */
import chalk from 'chalk';
import { ExitStatus } from '../../errors.js';
import { collectKernelInfo } from '../../kernel-info/collect.js';
import { formatKernelInfo } from '../../kernel-info/format.js';
import { parseCommand, subcommandProgram, type CommandDefinition } from './command-line.js';
import { chooseFormat, type FormatOptions } from './toolkit-args.js';

export const infoCommand: CommandDefinition = {
  name: 'info',
  program: () =>
    subcommandProgram(
      'info',
      'What this kernel offers to AF_ALG users: kernel version, whether AF_ALG exists and which socket types bind ' +
        '(skcipher, aead, hash, rng, akcipher, kpp), whether Linux AIO on AF_ALG sockets is asynchronous or ' +
        'completes inside io_submit, whether splice works and is zero-copy, socket memory limits ' +
        '(net.core.optmem_max, wmem/rmem), crypto_user netlink, FIPS mode.',
    )
      .option('--json', 'one JSON document (schema "kcapi-info/1")')
      .option('--format <format>', 'text (the default) or json'),
  epilogue: 'Exit status: 0 (also on a kernel without AF_ALG), 2 usage error.\n',
};

export async function run(argv: string[]): Promise<number> {
  const parsed = parseCommand<FormatOptions>(infoCommand, argv);
  if (parsed.kind === 'help') {
    process.stdout.write(parsed.text);
    return ExitStatus.ok;
  }
  const values = parsed.options;
  const format = chooseFormat('info', ['text', 'json'] as const, values.format, values.json);
  const info = await collectKernelInfo();
  if (format === 'json') {
    process.stdout.write(`${JSON.stringify(info, null, 2)}\n`);
    return ExitStatus.ok;
  }
  const colour = process.stdout.isTTY === true && chalk.level > 0;
  const lines = formatKernelInfo(info).map((line) => (colour ? highlight(line) : line));
  process.stdout.write(`${lines.join('\n')}\n`);
  return ExitStatus.ok;
}

function highlight(line: string): string {
  const colon = line.indexOf(':');
  const label = line.slice(0, colon + 1);
  const value = line.slice(colon + 1);
  const painted = /^\s*(no|unavailable|unknown|fails)\b/.test(value) ? chalk.yellow(value) : value;
  return chalk.bold(label) + painted;
}
