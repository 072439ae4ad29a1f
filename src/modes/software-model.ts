/**
 * Software models (node:crypto) of what several requests produce on AF_ALG operation
 * sockets: either each request starts from the IV the previous one left in the socket's
 * single IV buffer (chained), or each starts from its own IV (independent).
 *
 * What a request leaves in the IV buffer is the crypto API's "output IV" contract
 * (crypto/testmgr.c checks it): CBC leaves the last ciphertext block, CTR the counter after
 * the last (partial) block. ECB has no IV; for XTS and the AEADs the API defines no output
 * IV, so the model leaves the buffer unchanged and chained equals independent for them.
 */
import { createCipheriv, createDecipheriv, type CipherGCMTypes, type CipherCCMTypes } from 'node:crypto';

export type Direction = 'encrypt' | 'decrypt';
export type SkcipherMode = 'cbc' | 'ctr' | 'xts' | 'ecb';
export type AeadMode = 'gcm' | 'ccm' | 'rfc4106';

export type AlgorithmModel =
  | { readonly kind: 'skcipher'; readonly mode: SkcipherMode; readonly name: string }
  | { readonly kind: 'aead'; readonly mode: AeadMode; readonly name: string };

const aesBlock = 16;

/**
 * The model for a crypto API algorithm name (`cbc(aes)`), or for a driver name whose
 * structure shows the algorithm (`cbc-aes-aesni`, `cbc(aes-generic)`, `cryptd(...)`,
 * `generic-gcm-aesni`, `rfc4106-gcm-aesni`, `gcm_base(...)`, `ccm_base(...)`).
 * Undefined when there is no software model for it.
 */
export function algorithmModel(name: string): AlgorithmModel | undefined {
  const wrapped = /^cryptd\((.*)\)$/.exec(name);
  if (wrapped?.[1]) return algorithmModel(wrapped[1]);
  const plain = name.replace(/aes-(generic|aesni|asm)/g, 'aes');
  const skcipher = /^(cbc|ctr|xts|ecb)(?:\(aes\)|-aes(?:-\w+)?)$/.exec(plain);
  if (skcipher?.[1]) {
    const mode = skcipher[1] as SkcipherMode;
    return { kind: 'skcipher', mode, name: `${mode}(aes)` };
  }
  if (/^rfc4106(\(gcm\(aes\)\)|-gcm-\w+)$/.test(plain)) {
    return { kind: 'aead', mode: 'rfc4106', name: 'rfc4106(gcm(aes))' };
  }
  if (/^(gcm\(aes\)|generic-gcm-\w+|gcm-aes-\w+|gcm_base\(ctr\(aes\),.*\))$/.test(plain)) {
    return { kind: 'aead', mode: 'gcm', name: 'gcm(aes)' };
  }
  if (/^(ccm\(aes\)|ccm_base\(ctr\(aes\),cbcmac\(aes\)\))$/.test(plain)) {
    return { kind: 'aead', mode: 'ccm', name: 'ccm(aes)' };
  }
  return undefined;
}

export class NoSoftwareModelError extends Error {
  override name = 'NoSoftwareModelError';
}

function aesBits(keyLength: number, what: string): number {
  if (keyLength === 16 || keyLength === 24 || keyLength === 32) return keyLength * 8;
  throw new NoSoftwareModelError(`${what}: no AES key of ${keyLength} bytes`);
}

function nodeSkcipherName(mode: SkcipherMode, key: Uint8Array): string {
  if (mode === 'xts') {
    if (key.length === 32 || key.length === 64) return `aes-${key.length * 4}-xts`;
    throw new NoSoftwareModelError(`xts(aes): node:crypto has no XTS for a ${key.length}-byte key`);
  }
  return `aes-${aesBits(key.length, `${mode}(aes)`)}-${mode}`;
}

/** One skcipher request in software. */
export function skcipherRequest(
  mode: SkcipherMode,
  direction: Direction,
  key: Uint8Array,
  iv: Uint8Array,
  input: Uint8Array,
): Buffer {
  const name = nodeSkcipherName(mode, key);
  if (mode === 'xts' && Buffer.from(key.subarray(0, key.length / 2)).equals(key.subarray(key.length / 2))) {
    // OpenSSL refuses them (the kernel accepts them outside FIPS mode).
    throw new NoSoftwareModelError('xts(aes): node:crypto refuses a key whose two halves are equal');
  }
  const ivArg = mode === 'ecb' ? null : iv;
  const cipher =
    direction === 'encrypt' ? createCipheriv(name, key, ivArg) : createDecipheriv(name, key, ivArg);
  cipher.setAutoPadding(false);
  return Buffer.concat([cipher.update(input), cipher.final()]);
}

/** Adds `blocks` to a big-endian counter (the whole IV, as the kernel's ctr template does). */
export function advanceCounter(iv: Uint8Array, blocks: number): Buffer {
  const next = Buffer.from(iv);
  let carry = blocks;
  for (let i = next.length - 1; i >= 0 && carry > 0; i--) {
    const sum = (next[i] ?? 0) + (carry % 256);
    next[i] = sum & 0xff;
    carry = Math.floor(carry / 256) + (sum >> 8);
  }
  return next;
}

/** The IV the crypto API leaves behind after a skcipher request (see the module comment). */
export function outputIv(
  mode: SkcipherMode,
  direction: Direction,
  iv: Uint8Array,
  input: Uint8Array,
  output: Uint8Array,
): Uint8Array {
  switch (mode) {
    case 'cbc': {
      const ciphertext = direction === 'encrypt' ? output : input;
      return ciphertext.length >= aesBlock ? ciphertext.subarray(ciphertext.length - aesBlock) : iv;
    }
    case 'ctr':
      return advanceCounter(iv, Math.ceil(input.length / aesBlock));
    case 'ecb':
    case 'xts':
      return iv;
  }
}

export interface AeadParameters {
  readonly key: Uint8Array;
  /** Tag length in bytes. */
  readonly tagLength: number;
  /** Bytes of associated data at the start of every request's input. */
  readonly assocLength: number;
}

/** Outcome of one request: its output bytes, or the error code the kernel reports. */
export type RequestOutcome = { readonly output: Buffer } | { readonly error: string };

function gcmNonceAndKey(mode: AeadMode, key: Uint8Array, iv: Uint8Array): { key: Uint8Array; nonce: Uint8Array } {
  if (mode !== 'rfc4106') return { key, nonce: iv };
  // RFC 4106: the key ends with a 4-byte salt; the nonce is salt ‖ the 8-byte IV.
  const aesKey = key.subarray(0, key.length - 4);
  return { key: aesKey, nonce: Buffer.concat([key.subarray(key.length - 4), iv]) };
}

/** The bytes AEAD authenticates: rfc4106 takes the IV copy at the end of the AD out. */
function authenticatedData(mode: AeadMode, assoc: Uint8Array): Uint8Array {
  return mode === 'rfc4106' ? assoc.subarray(0, Math.max(0, assoc.length - 8)) : assoc;
}

/**
 * One AEAD request in software, in the kernel's layout: encrypt AAD‖PT → AAD‖CT‖TAG,
 * decrypt AAD‖CT‖TAG → AAD‖PT, or the error EBADMSG when the tag does not verify.
 */
export function aeadRequest(
  mode: AeadMode,
  direction: Direction,
  parameters: AeadParameters,
  iv: Uint8Array,
  input: Uint8Array,
): RequestOutcome {
  const { tagLength, assocLength } = parameters;
  const assoc = input.subarray(0, assocLength);
  const body = input.subarray(assocLength);
  const { key, nonce } = gcmNonceAndKey(mode, parameters.key, iv);
  const aad = authenticatedData(mode, assoc);
  if (mode === 'ccm') return ccmRequest(direction, key, iv, tagLength, assoc, body);
  const name = `aes-${aesBits(key.length, mode)}-gcm` as CipherGCMTypes;
  if (direction === 'encrypt') {
    const cipher = createCipheriv(name, key, nonce, { authTagLength: tagLength });
    cipher.setAAD(aad);
    const ciphertext = Buffer.concat([cipher.update(body), cipher.final()]);
    return { output: Buffer.concat([assoc, ciphertext, cipher.getAuthTag()]) };
  }
  if (body.length < tagLength) return { error: 'EINVAL' };
  const ciphertext = body.subarray(0, body.length - tagLength);
  const decipher = createDecipheriv(name, key, nonce, { authTagLength: tagLength });
  decipher.setAAD(aad);
  decipher.setAuthTag(body.subarray(body.length - tagLength));
  try {
    const plaintext = Buffer.concat([decipher.update(ciphertext), decipher.final()]);
    return { output: Buffer.concat([assoc, plaintext]) };
  } catch {
    return { error: 'EBADMSG' };
  }
}

/** CCM: the kernel's 16-byte IV is a counter block, byte 0 = L − 1, then the nonce. */
function ccmRequest(
  direction: Direction,
  key: Uint8Array,
  iv: Uint8Array,
  tagLength: number,
  assoc: Uint8Array,
  body: Uint8Array,
): RequestOutcome {
  const lengthFieldSize = (iv[0] ?? 0) + 1;
  if (iv.length !== 16 || lengthFieldSize < 2 || lengthFieldSize > 8) return { error: 'EINVAL' };
  const nonce = iv.subarray(1, 16 - lengthFieldSize);
  const name = `aes-${aesBits(key.length, 'ccm(aes)')}-ccm` as CipherCCMTypes;
  if (direction === 'encrypt') {
    const cipher = createCipheriv(name, key, nonce, { authTagLength: tagLength });
    cipher.setAAD(assoc, { plaintextLength: body.length });
    const ciphertext = Buffer.concat([cipher.update(body), cipher.final()]);
    return { output: Buffer.concat([assoc, ciphertext, cipher.getAuthTag()]) };
  }
  if (body.length < tagLength) return { error: 'EINVAL' };
  const ciphertext = body.subarray(0, body.length - tagLength);
  const decipher = createDecipheriv(name, key, nonce, { authTagLength: tagLength });
  decipher.setAuthTag(body.subarray(body.length - tagLength));
  decipher.setAAD(assoc, { plaintextLength: ciphertext.length });
  try {
    const plaintext = Buffer.concat([decipher.update(ciphertext), decipher.final()]);
    return { output: Buffer.concat([assoc, plaintext]) };
  } catch {
    return { error: 'EBADMSG' };
  }
}

export interface RequestSetModel {
  readonly algorithm: AlgorithmModel;
  readonly direction: Direction;
  readonly key: Uint8Array;
  /** AEAD only. */
  readonly tagLength?: number;
  readonly assocLength?: number;
}

/** Runs one request in software from `iv`; returns its outcome and the IV it leaves behind. */
export function modelRequest(
  model: RequestSetModel,
  iv: Uint8Array,
  input: Uint8Array,
): { outcome: RequestOutcome; nextIv: Uint8Array } {
  const { algorithm, direction, key } = model;
  if (algorithm.kind === 'skcipher') {
    let output: Buffer;
    try {
      output = skcipherRequest(algorithm.mode, direction, key, iv, input);
    } catch (error) {
      if (error instanceof NoSoftwareModelError) throw error;
      return { outcome: { error: 'EINVAL' }, nextIv: iv };
    }
    return { outcome: { output }, nextIv: outputIv(algorithm.mode, direction, iv, input, output) };
  }
  const parameters = { key, tagLength: model.tagLength ?? 16, assocLength: model.assocLength ?? 0 };
  return { outcome: aeadRequest(algorithm.mode, direction, parameters, iv, input), nextIv: iv };
}

/** Requests that run one after another on one IV buffer, starting from `iv`. */
export function chainedOutcomes(
  model: RequestSetModel,
  iv: Uint8Array,
  inputs: readonly Uint8Array[],
): RequestOutcome[] {
  let current = iv;
  return inputs.map((input) => {
    const { outcome, nextIv } = modelRequest(model, current, input);
    current = nextIv;
    return outcome;
  });
}

/** Requests that each start from their own IV. */
export function independentOutcomes(
  model: RequestSetModel,
  ivs: readonly Uint8Array[],
  inputs: readonly Uint8Array[],
): RequestOutcome[] {
  return inputs.map((input, index) => modelRequest(model, ivs[index] ?? new Uint8Array(0), input).outcome);
}
