import type { Operation } from '../kernel/operation.js';
import { Transform } from '../kernel/transform.js';
import { allocationFailure, missingInput, operationFailure } from './failures.js';
import type { KcapiOptions } from './options.js';
import type { Output } from './output.js';

/** The reference's digest buffer: `-b` may ask for at most this many bytes. */
export const maxDigestLength = 64;

/**
 * `-x 3`: message digest, or keyed digest (HMAC, CMAC) when `-k` is given. Each loop
 * hashes the `-p` message (absent or `-` = empty) and prints the digest, or its first
 * `-b` bytes (docs/reference-cli.md §4).
 */
export async function run(options: KcapiOptions, output: Output): Promise<void> {
  if (options.outputLength > maxDigestLength) {
    throw missingInput(`-b ${options.outputLength}: a digest has at most ${maxDigestLength} bytes`);
  }
  const name = options.cipher;
  let transform: Transform;
  try {
    transform = Transform.open('hash', name);
  } catch (error) {
    throw allocationFailure(error, 'hash', name, `Allocation of hash ${name} failed`);
  }
  try {
    if (options.key !== undefined && options.key.length > 0) {
      try {
        transform.setKey(options.key);
      } catch (error) {
        throw operationFailure(error, 'setting the HMAC key failed', ['HMAC setkey failed']);
      }
    }
    const message = options.plaintext ?? new Uint8Array(0);
    const readLength = options.outputLength === 0 ? maxDigestLength : options.outputLength;
    const [updateLine, finalLine] = options.stream
      ? ['Hash update of buffer failed', 'Hash final failed']
      : ['Message digest generation failed', 'Message digest generation failed'];
    const operation = step(updateLine, () => transform.accept());
    for (let loop = 0; loop < options.loops; loop++) {
      output.hexLine(digest(operation, message, readLength, updateLine, finalLine));
    }
  } finally {
    transform.close();
  }
}

function digest(operation: Operation, message: Uint8Array, readLength: number, updateLine: string, finalLine: string): Uint8Array {
  step(updateLine, () => operation.send(message, { more: true }));
  return step(finalLine, () => operation.read(readLength));
}

function step<T>(stdoutLine: string, action: () => T): T {
  try {
    return action();
  } catch (error) {
    throw operationFailure(error, 'hashing failed', [stdoutLine]);
  }
}
