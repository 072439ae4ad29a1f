/** HKDF (RFC 5869) over any PRF family, with libkcapi's argument checks. */
import { checkOutputLength, withKeyedPrf, type PrfFamily } from './prf.js';
import { InvalidArgumentError } from '../kernel/errors.js';

/**
 * OKM = T(1) ‖ T(2) ‖ … truncated to `length`; PRK = PRF(salt, ikm),
 * T(i) = PRF(PRK, T(i-1) ‖ info ‖ i).
 * `salt` undefined means absent (h zero bytes); a present empty salt is an empty key.
 * Like the reference: empty IKM and length > 255·h are errors.
 */
export function hkdf(
  family: PrfFamily,
  ikm: Uint8Array,
  salt: Uint8Array | undefined,
  info: Uint8Array | undefined,
  length: number,
): Buffer {
  checkOutputLength(length);
  const h = family.digestLength;
  if (ikm.length === 0) throw new InvalidArgumentError('HKDF input key material must not be empty');
  if (length > 255 * h) throw new InvalidArgumentError(`HKDF output is at most 255 × ${h} = ${255 * h} bytes, asked for ${length}`);

  const prk = withKeyedPrf(family, salt ?? Buffer.alloc(h), (prf) => prf.mac(ikm));
  try {
    return withKeyedPrf(family, prk, (prf) => {
      const output = Buffer.alloc(length);
      let previous: Buffer = Buffer.alloc(0);
      for (let i = 1, offset = 0; offset < length; i++) {
        const block = prf.mac(Buffer.concat([previous, info ?? Buffer.alloc(0), Buffer.of(i)]));
        offset += block.copy(output, offset, 0, Math.min(block.length, length - offset));
        previous.fill(0);
        previous = block;
      }
      previous.fill(0);
      return output;
    });
  } finally {
    prk.fill(0);
  }
}
