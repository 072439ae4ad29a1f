/**
 * What one kcapi invocation asks for, independent of how it was spelled on the command
 * line. Data fields are `undefined` when absent and a (possibly empty) byte array when
 * present: a present zero-length value differs from an absent one (docs/reference-cli.md §2).
 */
export interface KcapiOptions {
  /** `-x`: the operation type (1 symmetric, 2 AEAD, 3 hash, ...); undefined when not given. */
  readonly cipherType: number | undefined;
  /**
   * `-e` / `-o`: the reference keeps both in one field (last one wins). `-e` stores 1.
   * Types 1, 2 and 9, 10 encrypt when it is non-zero; asymmetric types read it as
   * 0 encrypt, 1 decrypt, 2 sign, 3 verify.
   */
  readonly operation: number;
  /** `-c`: kernel crypto API algorithm or driver name ('' when not given). */
  readonly cipher: string;
  readonly plaintext: Uint8Array | undefined;
  readonly ciphertext: Uint8Array | undefined;
  /** `-i`, or the counter block built from `-n` (whichever came last). */
  readonly iv: Uint8Array | undefined;
  readonly key: Uint8Array | undefined;
  readonly publicKey: Uint8Array | undefined;
  readonly assoc: Uint8Array | undefined;
  /** AEAD tag length in bytes: `-l`, else the length of `-t`, else 0. */
  readonly tagLength: number;
  readonly tag: Uint8Array | undefined;
  /** `-d`: repetitions (PBKDF2: iterations). */
  readonly loops: number;
  /** `-b`: output length (0 = the algorithm's natural length where that applies). */
  readonly outputLength: number;
  readonly stream: boolean;
  readonly vmsplice: boolean;
  readonly aligned: boolean;
  readonly aioFallback: boolean;
  readonly multithreaded: boolean;
  readonly printAad: boolean;
  readonly largeInput: boolean;
  readonly aux: boolean;
  readonly fuzz: boolean;
  readonly timing: boolean;

  /** Request mode for skcipher/AEAD work over several requests (`--mode`). */
  readonly mode: RequestMode | undefined;
  /** Number of operation sockets to fan requests out to (`--handles`). */
  readonly handles: number | undefined;
  /** One IV per request (`--ivs`). */
  readonly ivs: readonly Uint8Array[] | undefined;
  readonly check: boolean;
  readonly verbose: boolean;
  readonly json: boolean;
  /** Expected output bytes (`--expect`). */
  readonly expect: Uint8Array | undefined;
  readonly verify: boolean;
  readonly allDrivers: boolean;
}

export type RequestMode = 'chained' | 'inline-iv';
export const requestModes: readonly RequestMode[] = ['chained', 'inline-iv'];

export const defaultOptions: KcapiOptions = {
  cipherType: undefined,
  operation: 0,
  cipher: '',
  plaintext: undefined,
  ciphertext: undefined,
  iv: undefined,
  key: undefined,
  publicKey: undefined,
  assoc: undefined,
  tagLength: 0,
  tag: undefined,
  loops: 1,
  outputLength: 0,
  stream: false,
  vmsplice: false,
  aligned: false,
  aioFallback: false,
  multithreaded: false,
  printAad: false,
  largeInput: false,
  aux: false,
  fuzz: false,
  timing: false,
  mode: undefined,
  handles: undefined,
  ivs: undefined,
  check: false,
  verbose: false,
  json: false,
  expect: undefined,
  verify: false,
  allDrivers: false,
};

/** Types 1, 2, 9 and 10 encrypt when the shared `-e`/`-o` field is non-zero. */
export function encrypts(options: Pick<KcapiOptions, 'operation'>): boolean {
  return options.operation !== 0;
}

/** Longest CCM nonce: the 16-byte counter block needs its flags byte and a counter byte. */
export const maxCcmNonceLength = 14;

/**
 * CCM counter block from a nonce (docs/reference-cli.md §3 `-n`): byte 0 = 14 − nonce length (L − 1),
 * then the nonce, then zeros up to 16 bytes.
 */
export function ccmNonceToIv(nonce: Uint8Array): Uint8Array {
  if (nonce.length > maxCcmNonceLength) {
    throw new RangeError(`a CCM nonce has at most ${maxCcmNonceLength} bytes, got ${nonce.length}`);
  }
  const iv = new Uint8Array(16);
  iv[0] = maxCcmNonceLength - nonce.length;
  iv.set(nonce, 1);
  return iv;
}
