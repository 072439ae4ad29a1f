/**
 * `--expect HEX`: which printed lines are the result, and when a result meets HEX.
 *
 * The result is every stdout line of the operation except `-f`'s `duration <ns>` line; with
 * `--json` (types 9, 10) the document's `output` field stands for its line. HEX is met when
 * it equals all result lines joined without separators (lowercase), or, with several lines
 * (`-d N`), when every line equals HEX.
 */
import { compareBlocks, type Comparison } from './compare.js';

const durationLine = /^duration \d+$/;

/** The result lines among what an operation printed. */
export function resultLines(printed: readonly string[], options: { readonly timing: boolean; readonly json: boolean }): string[] {
  return printed
    .filter((line) => !(options.timing && durationLine.test(line)))
    .map((line) => (options.json ? (jsonOutputField(line) ?? line) : line))
    .map((line) => (/^[0-9a-fA-F]*$/.test(line) ? line.toLowerCase() : line));
}

function jsonOutputField(line: string): string | undefined {
  if (!line.startsWith('{')) return undefined;
  try {
    const document = JSON.parse(line) as { output?: unknown };
    return typeof document.output === 'string' ? document.output : undefined;
  } catch {
    return undefined;
  }
}

/**
 * What the result lines are compared with: HEX itself, or HEX once per line when every line
 * is as long as HEX (several lines of the same value, `-d N`).
 */
export function expectedText(expectedHex: string, lines: readonly string[]): string {
  const hex = expectedHex.toLowerCase();
  const perLine = lines.length > 1 && lines.every((line) => line.length === hex.length);
  return perLine ? hex.repeat(lines.length) : hex;
}

/** Checks result lines against `--expect`. */
export function checkExpectation(expected: Uint8Array, lines: readonly string[], blockSize: number): Comparison {
  const hex = Buffer.from(expected).toString('hex');
  return compareBlocks(expectedText(hex, lines), lines.join(''), blockSize);
}

/** Checks result lines against the lines a reference computed (several acceptable answers). */
export function checkAlternatives(alternatives: readonly (readonly string[])[], lines: readonly string[], blockSize: number): Comparison {
  const actual = lines.join('');
  const comparisons = alternatives.map((reference) => {
    const comparison = compareBlocks(reference.join(''), actual, blockSize);
    const sameLines = reference.length === lines.length && reference.every((line, index) => line === lines[index]);
    return sameLines ? comparison : { ...comparison, equal: false };
  });
  const best =
    comparisons.find((comparison) => comparison.equal) ??
    comparisons.reduce<Comparison | undefined>(
      (fewest, comparison) => (fewest === undefined || comparison.differingBlocks < fewest.differingBlocks ? comparison : fewest),
      undefined,
    );
  if (best === undefined) throw new RangeError('no reference result to compare with');
  return best;
}
