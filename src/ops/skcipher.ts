import type { Operation } from '../kernel/operation.js';
import { algorithmInfo } from '../kernel/algorithms.js';
import { Transform } from '../kernel/transform.js';
import { ensureRequestCapacity } from '../kernel/request-capacity.js';
import { requireSplittable, UnsplittableInputError } from '../kernel/request-splitting.js';
import { allocationFailure, missingInput, operationFailure } from './failures.js';
import { encrypts, type KcapiOptions } from './options.js';
import { bytesToHex } from './hex.js';
import type { Output } from './output.js';
import { readExactly, sendData, setKeyOrFail, type Direction, type SendControl } from './requests.js';

/**
 * `-x 1`: symmetric cipher. One-shot: every loop encrypts the same input with the IV
 * (N identical lines). `-s`: the IV is sent once and every loop continues the chain, on
 * two operation sockets whose results are compared (docs/reference-cli.md §4).
 */
export async function run(options: KcapiOptions, output: Output): Promise<void> {
  if (options.stream) return runStream(options, output);
  return runOneShot(options, output);
}

/**
 * Inputs up to this size go through the addon's repeat loop; an input larger than one kernel
 * request takes (the socket buffers, grown where allowed) goes in pieces of this size with
 * MSG_MORE, read back piece by piece, the kernel carrying the IV: only for the modes where
 * that gives the one-request result (src/kernel/request-splitting.ts); the others are refused.
 */
export const requestPieceSize = 16 * 4096;

function inputOf(options: KcapiOptions): Uint8Array {
  const input = encrypts(options) ? options.plaintext : options.ciphertext;
  if (input === undefined || input.length === 0) {
    throw missingInput(encrypts(options) ? 'nothing to encrypt: give -p' : 'nothing to decrypt: give -q');
  }
  return input;
}

function openTransform(options: KcapiOptions): Transform {
  try {
    return Transform.open('skcipher', options.cipher);
  } catch (error) {
    throw allocationFailure(error, 'skcipher', options.cipher, `Allocation of ${options.cipher} cipher failed`);
  }
}

async function runOneShot(options: KcapiOptions, output: Output): Promise<void> {
  const input = inputOf(options);
  const direction: Direction = encrypts(options) ? 'encrypt' : 'decrypt';
  const transform = openTransform(options);
  try {
    setKeyOrFail(transform, options.key, 'Symmetric cipher setkey failed');
    const operation = acceptOrFail(transform, 'En/Decryption of buffer failed');
    if (!options.aligned && input.length > 0 && input.length <= requestPieceSize) {
      repeatInAddon(operation, input, direction, options, output);
      return;
    }
    let nanoseconds = 0n;
    for (let loop = 0; loop < options.loops; loop++) {
      const started = process.hrtime.bigint();
      let result: Uint8Array;
      try {
        result = cryptOneShot(operation, input, direction, options);
      } catch (error) {
        throw operationFailure(error, `${direction}ion failed`, ['En/Decryption of buffer failed']);
      }
      nanoseconds += process.hrtime.bigint() - started;
      output.hexLine(result);
    }
    if (options.timing) output.line(`duration ${nanoseconds}`);
  } finally {
    transform.close();
  }
}

/** Results of one addon call at most: enough requests to amortize the call, little memory. */
const repeatBatchBytes = 1 << 18;

/**
 * The -d loop of one-request inputs, run by the addon a batch at a time: the same requests,
 * results and timing as the loop below, without a trip into JavaScript per request (the C
 * program's loop is that cheap). Lines of a failed batch before the failure are printed.
 */
function repeatInAddon(operation: Operation, input: Uint8Array, direction: Direction, options: KcapiOptions, output: Output): void {
  const perBatch = Math.max(1, Math.floor(repeatBatchBytes / input.length));
  const width = input.length * 2;
  let nanoseconds = 0n;
  for (let done = 0; done < options.loops;) {
    const loops = Math.min(perBatch, options.loops - done);
    const run = operation.repeat(input, { op: direction, iv: options.iv, more: false, vmsplice: options.vmsplice }, loops, input.length);
    const hex = run.output.toString('hex');
    for (let line = 0; line < run.completed; line++) output.line(hex.slice(line * width, (line + 1) * width));
    nanoseconds += run.nanoseconds;
    if (run.error !== undefined) throw operationFailure(run.error, `${direction}ion failed`, ['En/Decryption of buffer failed']);
    done += loops;
  }
  if (options.timing) output.line(`duration ${nanoseconds}`);
}

/** One request (IV sent with it); inputs longer than one request takes go as one MSG_MORE stream. */
export function cryptOneShot(
  operation: Operation,
  input: Uint8Array,
  direction: Direction,
  options: Pick<KcapiOptions, 'iv' | 'vmsplice' | 'aligned'>,
): Uint8Array {
  return cryptInPieces(operation, input, { op: direction, iv: options.iv }, false, options);
}

/**
 * Sends `input` as one request when the socket takes it whole, else in pieces of at most
 * `requestPieceSize` bytes (modes that chain only), reading each piece's result before sending
 * the next, so that no send waits for socket buffer space that only a read would free.
 * `start` (operation, IV) goes with the first piece; MSG_MORE with every piece but the last,
 * and with the last too when `moreAfter` is set.
 */
export function cryptInPieces(
  operation: Operation,
  input: Uint8Array,
  start: Pick<SendControl, 'op' | 'iv'>,
  moreAfter: boolean,
  how: Pick<KcapiOptions, 'vmsplice' | 'aligned'>,
): Uint8Array {
  const sendOptions = { vmsplice: how.vmsplice, aligned: how.aligned };
  const capacity = input.length <= requestPieceSize ? requestPieceSize : ensureRequestCapacity(operation, input.length);
  if (input.length <= capacity) {
    sendData(operation, input, { ...start, more: moreAfter, ...sendOptions });
    return readExactly(operation, input.length, how.aligned);
  }
  refuseUnsplittable(operation.transform, input.length, capacity);
  const result = new Uint8Array(input.length);
  for (let offset = 0; offset < input.length; offset += requestPieceSize) {
    const piece = input.subarray(offset, offset + requestPieceSize);
    const last = offset + piece.length >= input.length;
    const control = offset === 0 ? start : {};
    sendData(operation, piece, { ...control, more: moreAfter || !last, ...sendOptions });
    result.set(readExactly(operation, piece.length, how.aligned), offset);
  }
  return result;
}

/** UnsplittableInputError as the command line's one-line refusal (exit status 1). */
function refuseUnsplittable(transform: Transform, length: number, capacity: number): void {
  try {
    requireSplittable(transform, length, capacity);
  } catch (error) {
    if (error instanceof UnsplittableInputError) throw missingInput(error.message);
    throw error;
  }
}

function acceptOrFail(transform: Transform, stdoutLine: string): Operation {
  try {
    return transform.accept();
  } catch (error) {
    throw operationFailure(error, 'accept failed', [stdoutLine]);
  }
}

/**
 * With more data announced (MSG_MORE), the kernel returns only whole chunks (16 bytes for
 * cbc and ctr(aes)) and a read waits for the rest, forever in a one-process stream: refuse
 * such a length instead of hanging, as the reference would.
 */
function refuseWaitingStream(transform: Transform, length: number): void {
  let chunk: number;
  try {
    const info = algorithmInfo(transform);
    chunk = Math.max(info.chunkSize, info.blockSize, 1);
  } catch {
    return; // no metadata: nothing known to refuse
  }
  if (length % chunk === 0) return;
  throw missingInput(
    `-s: ${transform.name} returns whole ${chunk}-byte chunks while more data is announced; ` +
      `a ${length}-byte input would leave the kernel waiting for the rest (give a multiple of ${chunk})`,
  );
}

/**
 * -s continues one chain over all loops (and -j feeds each loop in pieces a reader may take
 * apart): several kernel requests, wrong for a mode whose IV does not carry on.
 */
function refuseUnchainedStream(transform: Transform, length: number, options: KcapiOptions): void {
  if (options.loops > 1 || (options.multithreaded && length > requestPieceSize)) refuseUnsplittable(transform, 1, 0);
}

async function runStream(options: KcapiOptions, output: Output): Promise<void> {
  const input = inputOf(options);
  const direction: Direction = encrypts(options) ? 'encrypt' : 'decrypt';
  const transform = openTransform(options);
  try {
    setKeyOrFail(transform, options.key, 'Symmetric cipher setkey failed');
    refuseWaitingStream(transform, input.length);
    refuseUnchainedStream(transform, input.length, options);
    const sockets = [
      acceptOrFail(transform, 'Re-initialization of cipher failed'),
      acceptOrFail(transform, 'Re-initialization of cipher failed'),
    ] as const;
    for (const socket of sockets) {
      try {
        sendData(socket, new Uint8Array(0), { op: direction, iv: options.iv, more: true });
      } catch (error) {
        throw operationFailure(error, 'stream start failed', ['Initialization of cipher buffer failed']);
      }
    }
    // -j: a writer thread sends while this request's results are read (src/modes); loaded only then.
    const threaded = options.multithreaded ? await import('../modes/threaded-stream.js') : undefined;
    const requests = options.loops * 2;
    let firstResult: Uint8Array = new Uint8Array(0);
    for (let request = 0; request < requests; request++) {
      const socket = sockets[request % 2] as Operation;
      let result: Uint8Array;
      try {
        result = threaded
          ? await threaded.cryptWithWriterThread(socket, input, request !== requests - 1)
          : cryptInPieces(socket, input, {}, request !== requests - 1, options);
      } catch (error) {
        throw operationFailure(error, 'stream operation failed', ['Finalization and cipher operation failed']);
      }
      if (request % 2 === 0) {
        output.hexLine(result);
        firstResult = result;
      } else if (!Buffer.from(result).equals(firstResult)) {
        output.line('Two concurrent opfd operations are not identical');
        output.line(`First opfd result: ${bytesToHex(firstResult)}`);
        output.line(`Second opfd result: ${bytesToHex(result)}`);
      }
    }
  } finally {
    transform.close();
  }
}
