/**
 * `-g`: the synchronous fallback of libkcapi's AIO calls (docs/reference-cli.md §6). Symmetric: one stream
 * operation over the concatenation of all inputs (so CBC chains, as AIO on one socket
 * does); AEAD: N independent operations with the same IV.
 */
import type { RequestRead } from './aio-reader.js';
import type { RequestPort } from './request-port.js';
import type { RequestSet } from './request-runner.js';

/** Reads until `buffer` is full or the kernel returns nothing more. */
function readFully(port: RequestPort, buffer: Uint8Array): number {
  let filled = 0;
  while (filled < buffer.length) {
    const received = port.read(buffer.subarray(filled));
    if (received === 0) break;
    filled += received;
  }
  return filled;
}

/**
 * Symmetric fallback: the concatenation goes in pieces that fit the socket buffer, with
 * MSG_MORE on all but the last, each piece read back before the next is sent.
 */
export async function streamFallback(port: RequestPort, set: RequestSet, allocate: (length: number) => Uint8Array): Promise<RequestRead[]> {
  const input = Buffer.concat(set.inputs.map((part) => Buffer.from(part.buffer, part.byteOffset, part.byteLength)));
  const output = allocate(input.length);
  for (let offset = 0; offset < input.length || offset === 0; offset += port.sendCapacity) {
    const piece = input.subarray(offset, offset + port.sendCapacity);
    const last = offset + piece.length >= input.length;
    const iv = offset === 0 ? set.ivs[0] : undefined;
    await port.send(piece, { op: set.op, ...(iv === undefined ? {} : { iv }), more: !last });
    const filled = readFully(port, output.subarray(offset, offset + piece.length));
    if (filled < piece.length || last) break;
  }
  return set.inputs.map((_, index) => ({
    buffer: output.subarray(index * set.outputLength, (index + 1) * set.outputLength),
    bytes: set.outputLength,
  }));
}

/** AEAD fallback: each request sent and read on its own, all with the first IV. */
export async function independentFallback(
  port: RequestPort,
  set: RequestSet,
  allocate: (length: number) => Uint8Array,
): Promise<RequestRead[]> {
  const reads: RequestRead[] = [];
  for (const input of set.inputs) {
    const buffer = allocate(set.outputLength);
    await port.send(input, {
      op: set.op,
      ...(set.ivs[0] === undefined ? {} : { iv: set.ivs[0] }),
      ...(set.assocLength === undefined ? {} : { assocLength: set.assocLength }),
    });
    try {
      reads.push({ buffer, bytes: port.read(buffer) });
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      if (typeof code !== 'string') throw error;
      reads.push({ buffer, error: code });
    }
  }
  return reads;
}
