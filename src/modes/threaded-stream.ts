/**
 * `-x 1 -s -j`: a stream request whose data is written by one thread while another reads
 * the results, as the reference's multithreaded stream test does. Both the sends and the
 * reads run on libuv pool threads, so the writer can block on a full socket buffer while the
 * reader drains it: inputs larger than the socket buffer need no splitting into
 * send-then-read pieces.
 */
import type { Operation } from '../kernel/operation.js';
import { KernelFailure } from '../kernel/errors.js';

/** Largest piece one send carries (the writer sends one after another). */
export const writerPieceSize = 16 * 4096;

/**
 * Sends `input` from a writer thread (MSG_MORE on every piece but the last, and on the last
 * too when `more` is set) while reading `input.length` result bytes on another thread.
 * The request's operation and IV were sent before (stream start).
 */
export async function cryptWithWriterThread(operation: Operation, input: Uint8Array, more: boolean): Promise<Uint8Array> {
  const output = new Uint8Array(input.length);
  const writer = (async () => {
    try {
      for (let offset = 0; offset < input.length || offset === 0; offset += writerPieceSize) {
        const piece = input.subarray(offset, offset + writerPieceSize);
        const last = offset + piece.length >= input.length;
        await operation.sendAsync(piece, { more: more || !last });
        if (last) break;
      }
    } catch (error) {
      // Ends the request so that a reader waiting for more data returns.
      await operation.sendAsync(null, { more: false }).catch(() => undefined);
      throw error;
    }
  })();
  const reader = (async () => {
    let filled = 0;
    while (filled < output.length) {
      const received = await operation.readIntoAsync(output.subarray(filled));
      if (received === 0) throw new KernelFailure(`the kernel returned ${filled} of ${output.length} bytes`);
      filled += received;
    }
  })();
  const [written, read] = await Promise.allSettled([writer, reader]);
  if (written.status === 'rejected') throw written.reason;
  if (read.status === 'rejected') throw read.reason;
  return output;
}
