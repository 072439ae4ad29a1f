/**
 * Block-by-block comparison of two results given as text (lowercase hex, or a result line
 * such as `EBADMSG`). Working on the text rather than on bytes lets a non-hex result line
 * take part in the comparison and the report instead of being an error of its own.
 */

export interface BlockRow {
  /** Block number, from 0. */
  readonly index: number;
  /** Byte offset of the block (hex digits / 2). */
  readonly offset: number;
  /** The block's text in each result; undefined where that result has ended. */
  readonly expected: string | undefined;
  readonly actual: string | undefined;
  readonly same: boolean;
}

export interface Comparison {
  readonly equal: boolean;
  /** Bytes per block. */
  readonly blockSize: number;
  readonly expected: string;
  readonly actual: string;
  readonly rows: readonly BlockRow[];
  readonly differingBlocks: number;
}

/** Compares `expected` with `actual` in blocks of `blockSize` bytes (2 × blockSize hex digits). */
export function compareBlocks(expected: string, actual: string, blockSize: number): Comparison {
  if (!Number.isInteger(blockSize) || blockSize < 1) throw new RangeError(`block size must be a positive integer, got ${blockSize}`);
  const width = blockSize * 2;
  const blocks = Math.max(Math.ceil(expected.length / width), Math.ceil(actual.length / width), 1);
  const rows: BlockRow[] = [];
  let differingBlocks = 0;
  for (let index = 0; index < blocks; index++) {
    // Two empty results still get one (empty, equal) block.
    const bothEmpty = expected === '' && actual === '';
    const expectedBlock = bothEmpty ? '' : slice(expected, index * width, width);
    const actualBlock = bothEmpty ? '' : slice(actual, index * width, width);
    const same = expectedBlock === actualBlock;
    if (!same) differingBlocks++;
    rows.push({ index, offset: index * blockSize, expected: expectedBlock, actual: actualBlock, same });
  }
  return { equal: expected === actual, blockSize, expected, actual, rows, differingBlocks };
}

function slice(text: string, start: number, width: number): string | undefined {
  return start >= text.length ? undefined : text.slice(start, start + width);
}

/**
 * Positions (in hex-digit pairs) where two blocks differ, for highlighting the bytes that
 * differ inside a differing block. Pairs missing from one side count as differing.
 */
export function differingPairs(expected: string, actual: string): Set<number> {
  const pairs = new Set<number>();
  const length = Math.max(expected.length, actual.length);
  for (let position = 0; position < length; position += 2) {
    if (expected.slice(position, position + 2) !== actual.slice(position, position + 2)) pairs.add(position / 2);
  }
  return pairs;
}
