import { ExitStatus } from '../../errors.js';
import { vmCommand } from '../../vm/index.js';

const jsonNote = `
JSON: kcapi vm has no --json: it passes the command's output through unchanged. Put --json
on the command (kcapi vm -- kcapi info --json); see docs/json.md.
`;

/** `kcapi vm ...`: see src/vm/cli/vm-command.ts. */
export async function run(argv: readonly string[]): Promise<number> {
  const end = argv.findIndex((word) => word === '--' || !word.startsWith('-'));
  const options = end < 0 ? argv : argv.slice(0, end);
  if (options.includes('--json')) {
    process.stderr.write(
      "kcapi vm: --json does not apply: vm passes the command's output through; put --json on the command (see kcapi vm --help)\n",
    );
    return ExitStatus.usage;
  }
  const status = await vmCommand([...argv]);
  if (status === ExitStatus.ok && (options[0] === '--help' || options[0] === '-h')) process.stdout.write(jsonNote);
  return status;
}
