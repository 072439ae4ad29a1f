/** Request helpers shared by the skcipher and AEAD fuzzers. */
import type { Operation } from '../../kernel/index.js';
import type { FuzzRandom } from './random.js';
import { KernelFailure } from '../../kernel/errors.js';

export type Direction = 'encrypt' | 'decrypt';

export interface RequestStart {
  op: Direction;
  iv?: Uint8Array;
  assocLen?: number;
}

/** One request in one sendmsg. */
export function sendWhole(operation: Operation, data: Uint8Array, start: RequestStart): void {
  operation.send(data, { ...start, more: false });
}

/** One request over several sendmsg calls with MSG_MORE, cut at random points. */
export function sendInPieces(operation: Operation, data: Uint8Array, start: RequestStart, random: FuzzRandom): void {
  const cuts = random.splits(data.length, 5);
  let from = 0;
  cuts.forEach((to, index) => {
    const last = index === cuts.length - 1;
    operation.send(data.subarray(from, to), index === 0 ? { ...start, more: !last } : { more: !last });
    from = to;
  });
}

/** Reads exactly `length` bytes (several reads if the kernel returns less). */
export function readAll(operation: Operation, length: number): Buffer {
  const pieces: Uint8Array[] = [];
  let filled = 0;
  while (filled < length) {
    const piece = operation.read(length - filled);
    if (piece.length === 0) throw new KernelFailure(`the kernel returned ${filled} of ${length} bytes`);
    pieces.push(piece);
    filled += piece.length;
  }
  return Buffer.concat(pieces, length);
}

/**
 * Reads an AEAD result of `length` bytes. An empty result (no AAD, no plaintext) still needs a
 * read with room for a byte: a zero-length read returns at once without running the request,
 * so the tag would never be checked.
 */
export function readAeadResult(operation: Operation, length: number): Buffer {
  if (length > 0) return readAll(operation, length);
  const piece = operation.read(1);
  if (piece.length !== 0) throw new KernelFailure(`the kernel returned ${piece.length} bytes for an empty AEAD result`);
  return Buffer.alloc(0);
}

/** Reads `length` bytes in random pieces that are whole multiples of `unit`. */
export function readInPieces(operation: Operation, length: number, unit: number, random: FuzzRandom): Buffer {
  const pieces: Uint8Array[] = [];
  let filled = 0;
  while (filled < length) {
    const units = Math.max(1, Math.floor((length - filled) / unit));
    const take = Math.min(length - filled, unit * random.int(1, units));
    pieces.push(readAll(operation, take));
    filled += take;
  }
  return Buffer.concat(pieces, length);
}

/** Runs `body` on a fresh operation socket, closed afterwards. */
export function withOperation<T>(accept: () => Operation, body: (operation: Operation) => T): T {
  const operation = accept();
  try {
    return body(operation);
  } finally {
    operation.close();
  }
}
