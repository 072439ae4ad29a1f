/**
 * The pseudo-random function every key derivation here is built on: HMAC or CMAC with its
 * key already set. Implementations: the kernel (kernel-prf.ts) and node:crypto
 * (../software/kdf.ts).
 */
import { InvalidArgumentError } from '../kernel/errors.js';
export interface Prf {
  /** Output length h of one PRF invocation, in bytes. */
  readonly digestLength: number;
  /** PRF(key, data). */
  mac(data: Uint8Array): Buffer;
  /**
   * PBKDF2's inner loop, for implementations that can run it faster than `mac` in a loop:
   * U1 = PRF(seed), Uj = PRF(Uj-1); returns U1 ⊕ … ⊕ Uc for c = iterations (≥ 1).
   */
  xorChain?(seed: Uint8Array, iterations: number): Buffer;
  /** Releases what the PRF holds (kernel sockets); the PRF is unusable afterwards. */
  close?(): void;
}

/**
 * A PRF algorithm whose key is chosen later: HKDF and PBKDF2 key the PRF themselves
 * (with the salt, the pseudo-random key, the password).
 */
export interface PrfFamily {
  /** h: known before any key is set (HKDF's default salt is h zero bytes). */
  readonly digestLength: number;
  withKey(key: Uint8Array): Prf;
}

/** Runs `body` with a PRF keyed from `family`, closing the PRF afterwards. */
export function withKeyedPrf<T>(family: PrfFamily, key: Uint8Array, body: (prf: Prf) => T): T {
  const prf = family.withKey(key);
  try {
    return body(prf);
  } finally {
    prf.close?.();
  }
}

/** Largest output the reference accepts (it rejects lengths above INT_MAX with EMSGSIZE). */
export const maxKdfOutputLength = 0x7fff_ffff;

export function checkOutputLength(length: number): void {
  if (!Number.isSafeInteger(length) || length < 0 || length > maxKdfOutputLength) {
    throw new InvalidArgumentError(`KDF output length must be an integer from 0 to ${maxKdfOutputLength}, got ${length}`);
  }
}

/** [i]₃₂: the 32-bit big-endian block counter of SP 800-108 and PBKDF2. */
export function counter32(i: number): Buffer {
  const bytes = Buffer.alloc(4);
  bytes.writeUInt32BE(i >>> 0);
  return bytes;
}
