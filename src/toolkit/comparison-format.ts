/**
 * Text of a block comparison (stderr of --expect, --verify, --all-drivers). Colour is the
 * caller's business: it passes a style (the CLI uses chalk on a terminal); the plain style
 * marks differing blocks with "!" so the report reads the same without colour.
 */
import { differingPairs, type BlockRow, type Comparison } from './compare.js';

export interface TextStyle {
  /** The bytes of a differing block on the expected (reference) side. */
  readonly expected: (text: string) => string;
  /** The bytes of a differing block on the actual side. */
  readonly actual: (text: string) => string;
  /** Blocks that agree. */
  readonly same: (text: string) => string;
  readonly heading: (text: string) => string;
}

const identity = (text: string): string => text;
export const plainStyle: TextStyle = { expected: identity, actual: identity, same: identity, heading: identity };

export interface ComparisonLabels {
  /** What was compared, e.g. "--expect" or "--verify (node:crypto)". */
  readonly title: string;
  readonly expected: string;
  readonly actual: string;
}

const missing = '(none)';

/** Rows beyond which only differing blocks and their neighbours are shown. */
const defaultMaxRows = 32;

export function formatComparison(
  comparison: Comparison,
  labels: ComparisonLabels,
  style: TextStyle = plainStyle,
  maxRows = defaultMaxRows,
): string[] {
  const { rows, blockSize } = comparison;
  const summary = comparison.equal
    ? `${labels.title}: ${labels.actual} equals ${labels.expected}`
    : `${labels.title}: ${comparison.differingBlocks} of ${rows.length} block${rows.length === 1 ? '' : 's'} differ ` +
      `(${blockSize}-byte blocks; ${labels.expected} ${sizeOf(comparison.expected)}, ${labels.actual} ${sizeOf(comparison.actual)})`;
  const width = Math.max(blockSize * 2, missing.length, labels.expected.length);
  const indexWidth = Math.max(5, String(rows.length - 1).length);
  const offsetWidth = Math.max(6, String(rows.at(-1)?.offset ?? 0).length);
  const lines = [
    summary,
    style.heading(
      `  ${'block'.padStart(indexWidth)}  ${'offset'.padStart(offsetWidth)}  ${labels.expected.padEnd(width)}  ${labels.actual}`,
    ),
  ];
  for (const item of visibleRows(rows, maxRows)) {
    if (typeof item === 'number') {
      lines.push(`  ${'…'.padStart(indexWidth)}  ${''.padStart(offsetWidth)}  ${item} identical block${item === 1 ? '' : 's'}`);
      continue;
    }
    const marker = item.same ? ' ' : '!';
    const [expected, actual] = renderPair(item, style);
    const padding = ' '.repeat(Math.max(0, width - (item.expected ?? missing).length));
    lines.push(
      `${marker} ${String(item.index).padStart(indexWidth)}  ${String(item.offset).padStart(offsetWidth)}  ${expected}${padding}  ${actual}`,
    );
  }
  return lines;
}

function sizeOf(text: string): string {
  if (/^[0-9a-f]*$/.test(text) && text.length % 2 === 0) return `${text.length / 2} bytes`;
  return JSON.stringify(text.length > 40 ? `${text.slice(0, 37)}...` : text);
}

/** Rows to print: all of them when few, else differing rows with a neighbour each side and gap counts. */
function visibleRows(rows: readonly BlockRow[], maxRows: number): Array<BlockRow | number> {
  if (rows.length <= maxRows) return [...rows];
  const keep = new Set<number>();
  rows.forEach((row, index) => {
    if (row.same) return;
    for (const near of [index - 1, index, index + 1]) if (near >= 0 && near < rows.length) keep.add(near);
  });
  const visible: Array<BlockRow | number> = [];
  let gap = 0;
  rows.forEach((row, index) => {
    if (!keep.has(index)) {
      gap++;
      return;
    }
    if (gap > 0) visible.push(gap);
    gap = 0;
    visible.push(row);
  });
  if (gap > 0) visible.push(gap);
  return visible;
}

function renderPair(row: BlockRow, style: TextStyle): [string, string] {
  if (row.same) return [style.same(row.expected ?? missing), style.same(row.actual ?? missing)];
  if (row.expected === undefined || row.actual === undefined) {
    return [
      row.expected === undefined ? missing : style.expected(row.expected),
      row.actual === undefined ? missing : style.actual(row.actual),
    ];
  }
  const pairs = differingPairs(row.expected, row.actual);
  return [highlight(row.expected, pairs, style.expected, style.same), highlight(row.actual, pairs, style.actual, style.same)];
}

/** Styles the differing byte pairs of a block, the rest as agreeing text. */
function highlight(text: string, pairs: ReadonlySet<number>, differs: (text: string) => string, same: (text: string) => string): string {
  let rendered = '';
  for (let position = 0; position < text.length; position += 2) {
    const pair = text.slice(position, position + 2);
    rendered += pairs.has(position / 2) ? differs(pair) : same(pair);
  }
  return rendered;
}
