/**
 * What several requests produce on AF_ALG operation sockets, in software: either each request
 * starts from the IV the previous one left in the socket's single IV buffer (chained), or each
 * starts from its own IV (independent). See docs/af-alg.md, "IVs between requests".
 *
 * What a request leaves in the IV buffer is the crypto API's "output IV" contract
 * (crypto/testmgr.c checks it): CBC leaves the last ciphertext block, CTR the counter after
 * the last (partial) block. ECB has no IV; for XTS and the AEADs the API defines no output
 * IV, so the model leaves the buffer unchanged and chained equals independent for them.
 */
import { NoSoftwareReference, type Direction, type RequestOutcome } from './algorithms.js';
import { aeadRequest } from './aead.js';
import { skcipher } from './skcipher.js';

export type SkcipherMode = 'cbc' | 'ctr' | 'xts' | 'ecb';
export type AeadMode = 'gcm' | 'ccm' | 'rfc4106';

/** An algorithm whose chaining is modelled, with its generic name. */
export type AlgorithmModel =
  | { readonly kind: 'skcipher'; readonly mode: SkcipherMode; readonly name: string }
  | { readonly kind: 'aead'; readonly mode: AeadMode; readonly name: string };

const aesBlock = 16;

/**
 * The model for a crypto API algorithm name (`cbc(aes)`), or for a driver name whose
 * structure shows the algorithm (`cbc-aes-aesni`, `cbc(aes-generic)`, `cryptd(...)`,
 * `generic-gcm-aesni`, `rfc4106-gcm-aesni`, `gcm_base(...)`, `ccm_base(...)`).
 * Undefined when there is no model for it.
 */
export function algorithmModel(name: string): AlgorithmModel | undefined {
  const wrapped = /^cryptd\((.*)\)$/.exec(name);
  if (wrapped?.[1]) return algorithmModel(wrapped[1]);
  const plain = name.replace(/aes-(generic|aesni|asm)/g, 'aes');
  const skcipherMatch = /^(cbc|ctr|xts|ecb)(?:\(aes\)|-aes(?:-\w+)?)$/.exec(plain);
  if (skcipherMatch?.[1]) {
    const mode = skcipherMatch[1] as SkcipherMode;
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
export function outputIv(mode: SkcipherMode, direction: Direction, iv: Uint8Array, input: Uint8Array, output: Uint8Array): Uint8Array {
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

export interface RequestSetModel {
  readonly algorithm: AlgorithmModel;
  readonly direction: Direction;
  readonly key: Uint8Array;
  /** AEAD only. */
  readonly tagLength?: number;
  readonly assocLength?: number;
}

/**
 * Runs one request in software from `iv`; returns its outcome and the IV it leaves behind.
 * A request node:crypto refuses (a length that is not whole blocks) is the kernel's EINVAL;
 * an algorithm or key it has no cipher for throws NoSoftwareReference.
 */
export function modelRequest(model: RequestSetModel, iv: Uint8Array, input: Uint8Array): { outcome: RequestOutcome; nextIv: Uint8Array } {
  const { algorithm, direction, key } = model;
  if (algorithm.kind === 'skcipher') {
    let output: Buffer;
    try {
      output = skcipher(algorithm.name, direction, key, iv, input);
    } catch (error) {
      if (error instanceof NoSoftwareReference) throw error;
      return { outcome: { error: 'EINVAL' }, nextIv: iv };
    }
    return { outcome: { output }, nextIv: outputIv(algorithm.mode, direction, iv, input, output) };
  }
  const parameters = { key, tagLength: model.tagLength ?? 16, assocLength: model.assocLength ?? 0 };
  return { outcome: aeadRequest(algorithm.name, direction, parameters, iv, input), nextIv: iv };
}

/** Requests that run one after another on one IV buffer, starting from `iv`. */
export function chainedOutcomes(model: RequestSetModel, iv: Uint8Array, inputs: readonly Uint8Array[]): RequestOutcome[] {
  let current = iv;
  return inputs.map((input) => {
    const { outcome, nextIv } = modelRequest(model, current, input);
    current = nextIv;
    return outcome;
  });
}

/** Requests that each start from their own IV. */
export function independentOutcomes(model: RequestSetModel, ivs: readonly Uint8Array[], inputs: readonly Uint8Array[]): RequestOutcome[] {
  return inputs.map((input, index) => modelRequest(model, ivs[index] ?? new Uint8Array(0), input).outcome);
}
