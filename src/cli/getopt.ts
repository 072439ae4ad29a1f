import { UsageError } from '../errors.js';
import type { OptionSpec } from './option-table.js';

/** One option as it appeared on the command line. */
export interface OptionOccurrence {
  readonly spec: OptionSpec;
  /** The value; undefined for options without one (or an optional one not given). */
  readonly value: string | undefined;
  /** Index in argv of the first word of this option and how many words it used. */
  readonly index: number;
  readonly wordCount: number;
}

export interface ParsedArguments {
  /** Options in command-line order (the caller folds them: the last one wins). */
  readonly occurrences: readonly OptionOccurrence[];
  /** Words that are not options; the reference ignores them. */
  readonly operands: readonly string[];
}

/**
 * Parses argv as GNU getopt_long does with a permuting option string:
 * - short options cluster (`-es`), take a value attached (`-x3`) or from the next word,
 *   even when that word starts with '-' (`-p -`);
 * - long options take `--opt value` or `--opt=value`, and any unambiguous prefix;
 * - options may follow operands; `--` ends option parsing.
 *
 * Prefixes of reference options resolve as in the reference program: a prefix is first
 * matched against the reference options alone, and only if none matches against our
 * extensions, so `--v` still means `--vmsplice`. An exact name always wins.
 * Parsing stops after an option marked `actsAtOnce` (the reference's `-z`).
 */
export function parseArguments(argv: readonly string[], table: readonly OptionSpec[]): ParsedArguments {
  const occurrences: OptionOccurrence[] = [];
  const operands: string[] = [];
  const byShort = new Map<string, OptionSpec>();
  for (const spec of table) if (spec.short !== undefined) byShort.set(spec.short, spec);

  for (let index = 0; index < argv.length; index++) {
    const word = argv[index] as string;
    if (word === '--') {
      operands.push(...argv.slice(index + 1));
      break;
    }
    if (word.startsWith('--')) {
      const occurrence = parseLong(argv, index, table);
      occurrences.push(occurrence);
      index += occurrence.wordCount - 1;
      if (occurrence.spec.actsAtOnce) break;
      continue;
    }
    if (word.startsWith('-') && word.length > 1) {
      const { found, wordCount, stop } = parseShortCluster(argv, index, byShort);
      occurrences.push(...found);
      index += wordCount - 1;
      if (stop) break;
      continue;
    }
    operands.push(word);
  }
  return { occurrences, operands };
}

function parseLong(argv: readonly string[], index: number, table: readonly OptionSpec[]): OptionOccurrence {
  const word = argv[index] as string;
  const equals = word.indexOf('=');
  const name = equals === -1 ? word.slice(2) : word.slice(2, equals);
  const attached = equals === -1 ? undefined : word.slice(equals + 1);
  const spec = resolveLongName(name, table);

  if (spec.argument === 'none') {
    if (attached !== undefined) throw usage(`option '--${spec.long}' doesn't allow an argument`);
    return { spec, value: undefined, index, wordCount: 1 };
  }
  if (attached !== undefined || spec.argument === 'optional') {
    return { spec, value: attached, index, wordCount: 1 };
  }
  if (index + 1 >= argv.length) throw usage(`option '--${spec.long}' requires an argument`);
  return { spec, value: argv[index + 1], index, wordCount: 2 };
}

function resolveLongName(name: string, table: readonly OptionSpec[]): OptionSpec {
  const exact = table.find((spec) => spec.long === name);
  if (exact) return exact;
  if (name !== '') {
    for (const origin of ['reference', 'extension'] as const) {
      const matches = table.filter((spec) => spec.origin === origin && spec.long.startsWith(name));
      if (matches.length === 1) return matches[0] as OptionSpec;
      if (matches.length > 1) {
        const names = matches.map((spec) => `'--${spec.long}'`).join(' ');
        throw usage(`option '--${name}' is ambiguous; possibilities: ${names}`);
      }
    }
  }
  throw usage(`unrecognized option '--${name}'`);
}

function parseShortCluster(
  argv: readonly string[],
  index: number,
  byShort: ReadonlyMap<string, OptionSpec>,
): { found: OptionOccurrence[]; wordCount: number; stop: boolean } {
  const word = argv[index] as string;
  const found: OptionOccurrence[] = [];
  for (let at = 1; at < word.length; at++) {
    const letter = word[at] as string;
    const spec = byShort.get(letter);
    if (spec === undefined) throw usage(`invalid option -- '${letter}'`);
    if (spec.argument === 'none') {
      found.push({ spec, value: undefined, index, wordCount: 1 });
      if (spec.actsAtOnce) return { found, wordCount: 1, stop: true };
      continue;
    }
    const rest = word.slice(at + 1);
    if (rest !== '') {
      found.push({ spec, value: rest, index, wordCount: 1 });
      return { found, wordCount: 1, stop: false };
    }
    if (index + 1 >= argv.length) throw usage(`option requires an argument -- '${letter}'`);
    found.push({ spec, value: argv[index + 1], index, wordCount: 2 });
    return { found, wordCount: 2, stop: false };
  }
  return { found, wordCount: 1, stop: false };
}

function usage(message: string): UsageError {
  return new UsageError(message);
}
