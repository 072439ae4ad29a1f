/** The output formats of the toolkit subcommands (vectors, drivers, info). */
import type { OptionValues } from 'commander';
import { UsageError } from '../../errors.js';

/** `--json` and `--format FORMAT` as commander parses them. */
export interface FormatOptions extends OptionValues {
  json?: boolean;
  format?: string;
}

/** `--format` values of a command, with `--json` as a synonym of `--format json`. */
export function chooseFormat<F extends string>(
  command: string,
  formats: readonly F[],
  format: string | undefined,
  json: boolean | undefined,
): F {
  if (json && format !== undefined && format !== 'json') {
    throw new UsageError(`${command}: --json contradicts --format ${format}`);
  }
  const chosen = json ? 'json' : (format ?? formats[0]!);
  if (!(formats as readonly string[]).includes(chosen)) {
    throw new UsageError(`${command}: unknown format "${chosen}" (one of ${formats.join(', ')})`);
  }
  return chosen as F;
}
