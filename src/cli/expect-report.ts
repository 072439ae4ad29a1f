/**
 * Rendering of the toolkit's comparisons and driver tables: chalk colours only on a
 * terminal (stderr for comparisons, stdout for the driver table).
 */
import chalk, { chalkStderr } from 'chalk';
import type { Comparison } from '../toolkit/compare.js';
import { formatComparison, plainStyle, type ComparisonLabels, type TextStyle } from '../toolkit/comparison-format.js';

function stderrHasColour(): boolean {
  return process.stderr.isTTY === true && chalkStderr.level > 0;
}

function stdoutHasColour(): boolean {
  return process.stdout.isTTY === true && chalk.level > 0;
}

const colourStyle: TextStyle = {
  expected: (text) => chalkStderr.green.bold(text),
  actual: (text) => chalkStderr.red.bold(text),
  same: (text) => chalkStderr.dim(text),
  heading: (text) => chalkStderr.bold(text),
};

/** Writes a comparison to stderr: first line "kcapi: <title>: ...", then the blocks. */
export function writeComparison(comparison: Comparison, labels: ComparisonLabels): void {
  const style = stderrHasColour() ? colourStyle : plainStyle;
  const [summary, ...rows] = formatComparison(comparison, labels, style);
  const first = `kcapi: ${summary ?? labels.title}`;
  process.stderr.write(`${stderrHasColour() ? chalkStderr.bold(first) : first}\n${rows.map((row) => `${row}\n`).join('')}`);
}

/** How the driver table marks the odd ones out. */
export function driverRowHighlight(): (row: string) => string {
  return stdoutHasColour() ? (row) => chalk.red.bold(row) : (row) => row;
}
