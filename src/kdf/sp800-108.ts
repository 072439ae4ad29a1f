/**
 * NIST SP 800-108 key-based KDFs as libkcapi computes them (kcapi -x 5, 6, 7): the caller's
 * input is the whole fixed input data (Label ‖ 0x00 ‖ Context ‖ [L] if SP 800-108-compliant
 * input is wanted); the counter is 32-bit big-endian starting at 1, placed before the fixed
 * input (counter mode) or after the iteration variable (feedback, double-pipeline).
 */
import { checkOutputLength, counter32, type Prf } from './prf.js';
import { InvalidArgumentError } from '../kernel/errors.js';

/** Fills `length` bytes with K(1) ‖ K(2) ‖ …, where `nextBlock(i, K(i-1))` computes K(i). */
function concatenateBlocks(length: number, nextBlock: (i: number, previous: Buffer | undefined) => Buffer): Buffer {
  checkOutputLength(length);
  const output = Buffer.alloc(length);
  let previous: Buffer | undefined;
  for (let i = 1, offset = 0; offset < length; i++) {
    const block = nextBlock(i, previous);
    offset += block.copy(output, offset, 0, Math.min(block.length, length - offset));
    previous?.fill(0);
    previous = block;
  }
  previous?.fill(0);
  return output;
}

/** Counter mode: K(i) = PRF([i]₃₂ ‖ input). */
export function kdfCounter(prf: Prf, input: Uint8Array, length: number): Buffer {
  return concatenateBlocks(length, (i) => prf.mac(Buffer.concat([counter32(i), input])));
}

/**
 * Feedback mode: the first h bytes of `input` are the IV, K(0) = IV,
 * K(i) = PRF(K(i-1) ‖ [i]₃₂ ‖ rest of input). Input shorter than h is an error (EINVAL in
 * the reference).
 */
export function kdfFeedback(prf: Prf, input: Uint8Array, length: number): Buffer {
  const h = prf.digestLength;
  if (input.length < h) {
    throw new InvalidArgumentError(`feedback KDF input must start with a ${h}-byte IV, got ${input.length} bytes`);
  }
  const iv = input.subarray(0, h);
  const fixedInput = input.subarray(h);
  return concatenateBlocks(length, (i, previous) => prf.mac(Buffer.concat([previous ?? iv, counter32(i), fixedInput])));
}

/**
 * Double-pipeline mode: A(1) = PRF(input), A(i) = PRF(A(i-1)),
 * K(i) = PRF(A(i) ‖ [i]₃₂ ‖ input).
 * Like the reference, an empty input starts the pipeline from h zero bytes:
 * A(1) = PRF(0^h) rather than PRF(ε).
 */
export function kdfDoublePipeline(prf: Prf, input: Uint8Array, length: number): Buffer {
  let a: Buffer = Buffer.alloc(prf.digestLength);
  try {
    return concatenateBlocks(length, (i) => {
      const next = prf.mac(i === 1 && input.length > 0 ? input : a);
      a.fill(0);
      a = next;
      return prf.mac(Buffer.concat([a, counter32(i), input]));
    });
  } finally {
    a.fill(0);
  }
}
