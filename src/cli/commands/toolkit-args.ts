/** Argument parsing shared by the toolkit subcommands (vectors, drivers, info). */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from '../../errors.js';

type Options = Record<string, { type: 'string' | 'boolean' }>;

/** What parseArgs gives for single-valued options: strings, or true for flags. */
export type ParsedValues<T extends Options> = { [K in keyof T]?: T[K]['type'] extends 'string' ? string : boolean };

/**
 * Strict parsing: unknown options, missing values and (unless `positionals`) stray words
 * are usage errors. Long options only, `--opt value` or `--opt=value`.
 */
export function parseCommandArgs<T extends Options>(
  command: string,
  argv: readonly string[],
  options: T,
  positionals: boolean,
): { values: ParsedValues<T>; positionals: string[] } {
  try {
    const parsed = parseArgs({ args: [...argv], options: options as ParseArgsConfig['options'], allowPositionals: positionals, strict: true });
    return { values: parsed.values as ParsedValues<T>, positionals: parsed.positionals };
  } catch (error) {
    const message = error instanceof Error ? error.message.replace(/\. To specify a positional.*$/s, '') : String(error);
    throw new UsageError(`${command}: ${message}`);
  }
}

/** `--format` values of a command, with `--json` as a synonym of `--format json`. */
export function chooseFormat<F extends string>(command: string, formats: readonly F[], format: string | undefined, json: boolean | undefined): F {
  if (json && format !== undefined && format !== 'json') {
    throw new UsageError(`${command}: --json contradicts --format ${format}`);
  }
  const chosen = json ? 'json' : (format ?? formats[0]!);
  if (!(formats as readonly string[]).includes(chosen)) {
    throw new UsageError(`${command}: unknown format "${chosen}" (one of ${formats.join(', ')})`);
  }
  return chosen as F;
}
