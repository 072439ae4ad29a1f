/**
 * Typed test cases produced from known-answer files. Algorithms are named as the Linux
 * crypto API names them (the names AF_ALG binds), so a case can go to the kernel unchanged;
 * software references translate the names themselves.
 */

export type Direction = 'encrypt' | 'decrypt';

export interface CaseOrigin {
  /** Stable identifier: file name, section, parameters and record number. */
  readonly id: string;
  /** Path of the vector file as given. */
  readonly file: string;
  /** 1-based line of the record's first line. */
  readonly line: number;
}

/** Block or stream cipher (skcipher). `iv` is empty for modes without one (ecb). */
export interface SkcipherCase extends CaseOrigin {
  readonly kind: 'skcipher';
  readonly algorithm: string;
  readonly direction: Direction;
  readonly key: Buffer;
  readonly iv: Buffer;
  readonly input: Buffer;
  readonly expected: Buffer;
}

/**
 * Authenticated encryption. `iv` is what the kernel takes (for CCM the 16-byte counter
 * block built from the nonce); `nonce` is the value from the file. For decryption,
 * `plaintext` is null when the file says the tag must be rejected.
 */
export interface AeadCase extends CaseOrigin {
  readonly kind: 'aead';
  readonly algorithm: string;
  readonly direction: Direction;
  readonly key: Buffer;
  readonly iv: Buffer;
  readonly nonce: Buffer;
  readonly aad: Buffer;
  readonly tagLength: number;
  readonly plaintext: Buffer | null;
  readonly ciphertext: Buffer;
  readonly tag: Buffer;
  readonly expectAuthFailure: boolean;
}

/** Message digest or keyed MAC (`key` set). `expected` may be a truncated digest. */
export interface DigestCase extends CaseOrigin {
  readonly kind: 'digest';
  readonly algorithm: string;
  readonly key: Buffer | null;
  readonly message: Buffer;
  readonly expected: Buffer;
}

/**
 * One checkpoint of a SHA Monte Carlo test: 1000 chained digests from `seed`
 * (SHA-1/SHA-2 hash the last three digests, SHA-3 the last one).
 */
export interface MonteCase extends CaseOrigin {
  readonly kind: 'monte';
  readonly algorithm: string;
  readonly style: 'sha2' | 'sha3';
  readonly seed: Buffer;
  readonly expected: Buffer;
}

/** SP 800-108 counter-mode KDF with the counter before, after or inside the fixed data. */
export interface KdfCounterCase extends CaseOrigin {
  readonly kind: 'kdf-counter';
  /** The PRF, a keyed kernel algorithm such as `hmac(sha256)` or `cmac(aes)`. */
  readonly algorithm: string;
  readonly key: Buffer;
  readonly fixedBefore: Buffer;
  readonly fixedAfter: Buffer;
  readonly counterBits: 8 | 16 | 24 | 32;
  readonly outputBits: number;
  readonly expected: Buffer;
}

/** A record the file format defines but no AF_ALG operation can run. */
export interface UnrunnableCase extends CaseOrigin {
  readonly kind: 'unrunnable';
  readonly algorithm: string;
  readonly reason: string;
}

export type VectorCase = SkcipherCase | AeadCase | DigestCase | MonteCase | KdfCounterCase | UnrunnableCase;

export type VectorCaseKind = VectorCase['kind'];
