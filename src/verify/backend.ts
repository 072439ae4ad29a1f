/**
 * What a crypto implementation must offer for known-answer tests to run on it: the
 * kernel (through AF_ALG) or a software reference (node:crypto). Monte Carlo and KDF
 * tests are composed from `digester` in one place (evaluate.ts), the same for both.
 */

export type Awaitable<T> = T | Promise<T>;

/** A case this implementation cannot run; the reason is shown with the skip. */
export class SkipCase extends Error {
  override name = 'SkipCase';
  constructor(readonly reason: string) {
    super(reason);
  }
}

/** AEAD decryption rejected the tag (EBADMSG from the kernel). */
export const authFailure = Symbol('authFailure');
export type AuthFailure = typeof authFailure;

export interface CipherRequest {
  readonly algorithm: string;
  readonly encrypt: boolean;
  readonly key: Buffer;
  /** Empty for modes without an IV. */
  readonly iv: Buffer;
  readonly input: Buffer;
}

export interface AeadRequest {
  readonly algorithm: string;
  readonly encrypt: boolean;
  readonly key: Buffer;
  /** The IV as the kernel takes it (CCM: the 16-byte counter block). */
  readonly iv: Buffer;
  /** The nonce as the standard defines it (equal to `iv` for GCM). */
  readonly nonce: Buffer;
  readonly aad: Buffer;
  readonly tagLength: number;
  /** Encrypt: the plaintext. Decrypt: ciphertext followed by the tag. */
  readonly input: Buffer;
}

/** A digest or MAC with its key set, ready for many messages. */
export interface Digester {
  digest(message: Buffer): Awaitable<Buffer>;
  close(): void;
}

export interface CryptoBackend {
  readonly name: string;
  skcipher(request: CipherRequest): Awaitable<Buffer>;
  /** Encrypt: ciphertext followed by the tag. Decrypt: plaintext, or `authFailure`. */
  aead(request: AeadRequest): Awaitable<Buffer | AuthFailure>;
  /** `key` null for an unkeyed hash. */
  digester(algorithm: string, key: Buffer | null): Awaitable<Digester>;
}
