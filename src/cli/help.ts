import { optionLabel, optionTable, subcommands, type OptionSpec } from './option-table.js';

const width = 80;
const labelWidth = 30;

/** `kcapi --help`, generated from the option table. */
export function helpText(): string {
  const lines = [
    "Usage: kcapi [OPTIONS]        one kernel crypto operation, as libkcapi's kcapi",
    '       kcapi COMMAND [ARGS]   workbench commands (kcapi COMMAND --help)',
    '',
    "Options of libkcapi's kcapi (note: -h runs the fuzz tests; help is --help):",
    ...optionTable.filter((spec) => spec.origin === 'reference').flatMap(optionLines),
    '',
    'Extensions:',
    ...optionTable.filter((spec) => spec.origin === 'extension').flatMap(optionLines),
    '',
    'Commands:',
    ...subcommands.map((command) => `  ${command.name.padEnd(labelWidth - 2)}${command.summary}`),
    '',
    ...wrap(
      'Data options (-p -q -i -n -k -a -t -r) take hex, two digits a byte; "" is a present ' +
        'empty value, "-" means absent; @FILE reads raw bytes from FILE, @- from standard ' +
        'input, env:NAME hex from an environment variable. Counts are non-negative integers.',
      '',
    ),
    '',
    ...wrap(
      'Exit status: 0 success (a printed EBADMSG is a result), 1 an operation failed, ' +
        '2 usage error or bad input, 3 the kernel lacks AF_ALG or the algorithm, 70 internal error (a bug).',
      '',
    ),
    '',
    'Example:',
    '  kcapi -x 1 -e -c "cbc(aes)" \\',
    '    -k 8d7dd9b0170ce0b5f2f8e1aa768e01e91da8bfc67fd486d081b28254c99eb423 \\',
    '    -i 7fbc02ebf5b93322329df9bfccb635af -p 48981da18e4bb9ef7e2e3162d16b1910',
    '  8b19050f66582cb7f7e4b6c873819b71',
    '',
    'See man kcapi for details.',
  ];
  return lines.join('\n') + '\n';
}

function optionLines(spec: OptionSpec): string[] {
  const label = `  ${optionLabel(spec)}`;
  const indent = ' '.repeat(labelWidth);
  const body = wrap(spec.summary, indent, width);
  const first = body[0]?.slice(labelWidth) ?? '';
  if (label.length < labelWidth) return [label.padEnd(labelWidth) + first, ...body.slice(1)];
  return [label, ...body];
}

/** Greedy word wrap; every line starts with `indent`. */
export function wrap(text: string, indent: string, columns = width): string[] {
  const lines: string[] = [];
  let line = indent;
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line.length > indent.length && line.length + 1 + word.length > columns) {
      lines.push(line);
      line = indent;
    }
    line += line.length > indent.length ? ` ${word}` : word;
  }
  if (line.length > indent.length) lines.push(line);
  return lines;
}
