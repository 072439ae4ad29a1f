import { UsageError } from '../errors.js';
import type { Operation } from '../kernel/operation.js';
import { ensureRequestCapacity } from '../kernel/request-capacity.js';
import { Transform } from '../kernel/transform.js';
import { boundAlgorithmSizes } from './algorithm-sizes.js';
import { allocationFailure, errnoOf, errorCode, missingInput, operationFailure } from './failures.js';
import { encrypts, type KcapiOptions } from './options.js';
import type { Output } from './output.js';
import { readResult, sendData, setKeyOrFail, type Direction } from './requests.js';

/**
 * `-x 2`: AEAD. Each loop is one complete request; a line holds the ciphertext and tag
 * (encrypt) or the plaintext (decrypt), `EBADMSG` when the tag does not verify, and with
 * `-u` the associated data in front (docs/reference-cli.md §4).
 */
export async function run(options: KcapiOptions, output: Output): Promise<void> {
  await runAead(options, output);
}

/** The parts of the options an AEAD run uses (-y builds them itself). */
export type AeadRequest = Pick<
  KcapiOptions,
  | 'cipher'
  | 'operation'
  | 'key'
  | 'iv'
  | 'plaintext'
  | 'ciphertext'
  | 'assoc'
  | 'tag'
  | 'tagLength'
  | 'loops'
  | 'stream'
  | 'vmsplice'
  | 'aligned'
  | 'printAad'
  | 'timing'
>;

export async function runAead(request: AeadRequest, output: Output): Promise<void> {
  if (request.iv === undefined || request.iv.length === 0) {
    throw missingInput('an AEAD cipher needs an IV: give -i (or -n for CCM)');
  }
  const encrypting = encrypts(request);
  if (!encrypting && request.tagLength > 0 && request.tag === undefined) {
    throw new UsageError(`decryption needs the ${request.tagLength}-byte tag: give -t`);
  }
  const transform = openTransform(request.cipher);
  try {
    setTagLength(transform, request.tagLength);
    setKeyOrFail(transform, request.key, 'Symmetric cipher setkey failed');
    let layout: Layout;
    try {
      layout = layoutOf(request, transform);
    } catch (error) {
      throw operationFailure(error, `cannot read the IV and block size of ${request.cipher}`, ['Allocation of cipher failed']);
    }
    let operation: Operation;
    try {
      operation = transform.accept();
    } catch (error) {
      throw failedOperation(error);
    }
    ensureCapacity(operation, layout);
    if (request.stream) streamLoops(operation, request, layout, output);
    else oneShotLoops(operation, request, layout, output);
  } finally {
    transform.close();
  }
}

function openTransform(name: string): Transform {
  try {
    return Transform.open('aead', name);
  } catch (error) {
    throw allocationFailure(error, 'aead', name, 'Allocation of cipher failed');
  }
}

function setTagLength(transform: Transform, tagLength: number): void {
  try {
    transform.setAuthSize(tagLength);
  } catch (error) {
    throw operationFailure(error, `tag length ${tagLength} rejected`, ['Setting of authentication tag length failed']);
  }
}

/** Where the pieces of a request and its result lie (libkcapi's buffer arithmetic). */
interface Layout {
  readonly direction: Direction;
  readonly iv: Uint8Array;
  readonly assoc: Uint8Array;
  readonly data: Uint8Array;
  readonly tag: Uint8Array;
  /** The whole input: associated data, data, and for decryption the tag. */
  readonly input: Uint8Array;
  /** Expected output length: associated data, data rounded up to blocks, tag when encrypting. */
  readonly outputLength: number;
  readonly outputDataLength: number;
  readonly outputTagLength: number;
}

function layoutOf(request: AeadRequest, transform: Transform): Layout {
  const encrypting = encrypts(request);
  const info = boundAlgorithmSizes(transform);
  const assoc = request.assoc ?? new Uint8Array(0);
  const data = (encrypting ? request.plaintext : request.ciphertext) ?? new Uint8Array(0);
  const tag = encrypting ? new Uint8Array(0) : (request.tag ?? new Uint8Array(0));
  const blockSize = Math.max(1, info.blockSize);
  const roundedData = Math.ceil(data.length / blockSize) * blockSize;
  const outputTagLength = encrypting ? request.tagLength : 0;
  const outputLength = Math.max(1, assoc.length + roundedData + outputTagLength);
  return {
    direction: encrypting ? 'encrypt' : 'decrypt',
    iv: fitIv(request.iv ?? new Uint8Array(0), info.ivSize),
    assoc,
    data,
    tag,
    input: Buffer.concat([assoc, data, tag]),
    outputLength,
    outputDataLength: Math.max(0, outputLength - assoc.length - outputTagLength),
    outputTagLength,
  };
}

/**
 * An AEAD request is queued whole before the kernel processes it: grow the socket buffers
 * to fit it, or fail instead of letting sendmsg wait forever (the reference hangs there).
 */
function ensureCapacity(operation: Operation, layout: Layout): void {
  const needed = Math.max(layout.input.length, layout.outputLength);
  let capacity: number;
  try {
    capacity = ensureRequestCapacity(operation, needed);
  } catch (error) {
    throw failedOperation(error);
  }
  if (capacity < needed) {
    const tooLarge = Object.assign(new Error(`an AEAD request of ${needed} bytes does not fit the socket buffers (${capacity} bytes)`), {
      code: 'EMSGSIZE',
    });
    throw failedOperation(tooLarge);
  }
}

/** libkcapi's kcapi_pad_iv: cut or zero-pad the IV to the algorithm's IV size. */
export function fitIv(iv: Uint8Array, ivSize: number): Uint8Array {
  if (iv.length === ivSize) return iv;
  const fitted = new Uint8Array(ivSize);
  fitted.set(iv.subarray(0, ivSize));
  return fitted;
}

function oneShotLoops(operation: Operation, request: AeadRequest, layout: Layout, output: Output): void {
  let nanoseconds = 0n;
  for (let loop = 0; loop < request.loops; loop++) {
    const started = process.hrtime.bigint();
    let result: Uint8Array | 'EBADMSG';
    try {
      sendData(operation, layout.input, {
        op: layout.direction,
        iv: layout.iv,
        assocLen: layout.assoc.length,
        more: false,
        vmsplice: request.vmsplice,
        aligned: request.aligned,
      });
      result = readResult(operation, layout.outputLength, request.aligned);
    } catch (error) {
      result = authenticationFailure(error);
    }
    nanoseconds += process.hrtime.bigint() - started;
    if (result === 'EBADMSG') output.line('EBADMSG');
    else if (result.length !== layout.outputLength) {
      output.line(`Received data length ${result.length} does not match expected length ${layout.outputLength}`);
    } else printResult(output, result, request, layout);
  }
  if (request.timing) output.line(`duration ${nanoseconds}`);
}

function streamLoops(operation: Operation, request: AeadRequest, layout: Layout, output: Output): void {
  const encrypting = layout.direction === 'encrypt';
  for (let loop = 0; loop < request.loops; loop++) {
    step('Initialization of cipher buffer failed', () =>
      sendData(operation, new Uint8Array(0), {
        op: layout.direction,
        iv: layout.iv,
        assocLen: layout.assoc.length,
        more: true,
      }),
    );
    if (encrypting) {
      const dataFollows = layout.data.length > 0;
      step('Sending update buffer failed', () => sendData(operation, layout.assoc, { more: dataFollows }));
      if (dataFollows) step('Sending last update buffer failed', () => sendData(operation, layout.data, { more: false }));
    } else {
      step('Sending update buffer failed', () => sendData(operation, layout.assoc, { more: true }));
      step('Sending update buffer failed', () => sendData(operation, layout.data, { more: true }));
      step('Sending last update buffer failed', () => sendData(operation, layout.tag, { more: false }));
    }
    let result: Uint8Array | 'EBADMSG';
    try {
      result = readResult(operation, layout.outputLength, request.aligned);
    } catch (error) {
      result = authenticationFailure(error);
    }
    if (result === 'EBADMSG') {
      output.line('EBADMSG');
      continue;
    }
    // The reference prints its zero-filled buffer whatever the kernel returned.
    const padded = new Uint8Array(layout.outputLength);
    padded.set(result.subarray(0, layout.outputLength));
    printResult(output, padded, request, layout);
  }
}

function step(stdoutLine: string, action: () => void): void {
  try {
    action();
  } catch (error) {
    throw operationFailure(error, 'sending failed', [stdoutLine]);
  }
}

/** EBADMSG is a result (docs/reference-cli.md §10); any other failure ends the run like the reference. */
function authenticationFailure(error: unknown): 'EBADMSG' {
  if (errorCode(error) === 'EBADMSG') return 'EBADMSG';
  throw failedOperation(error);
}

function failedOperation(error: unknown): Error {
  const errno = errnoOf(error);
  return operationFailure(error, 'AEAD operation failed', [`Cipher operation of buffer failed: ${errno} ${-errno}`]);
}

function printResult(output: Output, result: Uint8Array, request: AeadRequest, layout: Layout): void {
  const assocLength = layout.assoc.length;
  const data = result.subarray(assocLength, assocLength + layout.outputDataLength);
  const tag = result.subarray(assocLength + layout.outputDataLength);
  const assoc = request.printAad ? result.subarray(0, assocLength) : new Uint8Array(0);
  output.hexLine(assoc, data, tag);
}
