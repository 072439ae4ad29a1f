/**
 * `--verify`: the lines an invocation must print, computed with node:crypto instead of the
 * kernel, through the software reference (../software/).
 *
 * Covered: -x 1/9 skciphers node knows (AES cbc/ecb/ctr/xts/cfb/ofb, 3DES cbc/ecb/cfb/ofb,
 * chacha20; -s and -x 9 with several requests only where the chaining is modelled: AES
 * cbc/ctr/ecb/xts, and 3DES modes through one stream over the repeated input), -x 2/10 and -y
 * (AES gcm, ccm, rfc4106, rfc7539 ChaCha20-Poly1305, authenc(hmac(HASH),cbc(aes))), -x 3
 * (hashes, hmac(...), cmac(aes)), -x 8 and 12 with hmac(...). Not: the SP 800-108 KDFs (node
 * has none), asymmetric/KPP, --mode/--ivs/--handles.
 */
import { fitIv } from '../ops/aead.js';
import { bytesToHex, hexToBytes } from '../ops/hex.js';
import { largeInputAad, largeInputTest } from '../ops/large-input.js';
import { ccmNonceToIv, encrypts, type KcapiOptions } from '../ops/options.js';
import {
  aeadRequest,
  algorithmModel,
  chainedOutcomes,
  digestFunction,
  hkdfHmac,
  kernelIvLength,
  nodeHashName,
  pbkdf2Hmac,
  skcipher,
  softwareKind,
  type Direction,
  type RequestOutcome,
} from '../software/index.js';

export type Reference =
  | { readonly verifiable: true; readonly algorithm: string; readonly alternatives: readonly (readonly string[])[] }
  | {
      readonly verifiable: false;
      /** The algorithm, with what about the invocation makes it unverifiable ("cbc(aes) with --mode"). */
      readonly what: string;
      /** Why node:crypto cannot compute it, when known. */
      readonly detail: string | undefined;
    };

/** Maps a driver name (cbc-aes-aesni) to its generic name (cbc(aes)); identity when unknown. */
export type GenericName = (name: string) => string;

/** `qualifier` completes the algorithm name ("with -s"); `detail` says why. */
class NotVerifiable extends Error {
  constructor(
    readonly qualifier: string | undefined,
    readonly detail?: string,
  ) {
    super(detail ?? qualifier ?? 'not verifiable');
  }
}

/** The result lines node:crypto gives for these options (several alternatives where docs/reference-cli.md §4 allows them). */
export async function nodeReferenceResult(options: KcapiOptions, genericName: GenericName = (name) => name): Promise<Reference> {
  const large = options.largeInput;
  const algorithm = large ? largeInputTest.cipher : genericName(options.cipher);
  const what = options.cipher === '' || large || algorithm === options.cipher ? algorithm : `${options.cipher} (${algorithm})`;
  try {
    if (options.mode !== undefined || options.ivs !== undefined || (options.handles ?? 1) > 1) {
      throw new NotVerifiable('with --mode, --ivs or --handles');
    }
    return { verifiable: true, algorithm, alternatives: await alternativesFor(options, algorithm) };
  } catch (error) {
    if (error instanceof NotVerifiable) {
      return { verifiable: false, what: error.qualifier ? `${what} ${error.qualifier}` : what, detail: error.detail };
    }
    return { verifiable: false, what, detail: error instanceof Error ? error.message : String(error) };
  }
}

async function alternativesFor(options: KcapiOptions, algorithm: string): Promise<string[][]> {
  if (options.largeInput) return [largeInputLines(options)];
  switch (options.cipherType) {
    case 1:
      return [skcipherLines(options, algorithm)];
    case 9:
      return skcipherAioLines(options, algorithm);
    case 2:
      return [repeat(aeadLine(options, algorithm), options.loops)];
    case 10: {
      const one = aeadLine(options, algorithm);
      return [[one === 'EBADMSG' ? one : one.repeat(Math.max(1, options.loops))]];
    }
    case 3:
      return [repeat(digestLine(options, algorithm), options.loops)];
    case 8:
      return [[pbkdf2Line(options, algorithm)]];
    case 12:
      return [[hkdfLine(options, algorithm)]];
    default:
      throw new NotVerifiable(options.cipherType === undefined ? undefined : `as -x ${options.cipherType}`);
  }
}

function repeat(line: string, times: number): string[] {
  return Array.from({ length: times }, () => line);
}

function direction(options: KcapiOptions): Direction {
  return encrypts(options) ? 'encrypt' : 'decrypt';
}

function skcipherInput(options: KcapiOptions): Uint8Array {
  const input = encrypts(options) ? options.plaintext : options.ciphertext;
  if (input === undefined || input.length === 0) throw new NotVerifiable('without input');
  return input;
}

/** The IV the kernel uses: as given, or zeros (AF_ALG's initial IV) when absent; none for ECB. */
function skcipherIv(algorithm: string, iv: Uint8Array | undefined): Buffer {
  const size = kernelIvLength(algorithm) ?? 16;
  if (size === 0) return Buffer.alloc(0);
  return iv === undefined ? Buffer.alloc(size) : Buffer.from(iv);
}

function oneSkcipher(options: KcapiOptions, algorithm: string, input: Uint8Array): Buffer {
  return skcipher(algorithm, direction(options), options.key ?? new Uint8Array(0), skcipherIv(algorithm, options.iv), input);
}

/** N requests on one IV buffer, each continuing where the previous left it. */
function chainedSkcipher(options: KcapiOptions, algorithm: string, input: Uint8Array, requests: number): string[] {
  if (requests <= 1) return [bytesToHex(oneSkcipher(options, algorithm, input))];
  const model = algorithmModel(algorithm);
  if (model?.kind === 'skcipher') {
    const outcomes = chainedOutcomes(
      { algorithm: model, direction: direction(options), key: options.key ?? new Uint8Array(0) },
      skcipherIv(algorithm, options.iv),
      repeat('', requests).map(() => input),
    );
    return outcomes.map(outcomeHex);
  }
  if (/^(cbc|ecb|cfb|ofb)\(des3_ede\)$/.test(algorithm)) {
    // These modes carry their state from block to block: N chained requests are one long one.
    const whole = oneSkcipher(options, algorithm, Buffer.concat(repeat('', requests).map(() => input)));
    return repeat('', requests).map((_, index) => bytesToHex(whole.subarray(index * input.length, (index + 1) * input.length)));
  }
  throw new NotVerifiable('with chained requests (-s, or -x 9 with -d > 1)');
}

function outcomeHex(outcome: RequestOutcome): string {
  if ('error' in outcome) throw new NotVerifiable(undefined, `node:crypto answers ${outcome.error}`);
  return bytesToHex(outcome.output);
}

/** -x 1: identical lines one-shot; with -s each line continues the chain. */
function skcipherLines(options: KcapiOptions, algorithm: string): string[] {
  const input = skcipherInput(options);
  if (options.stream) return chainedSkcipher(options, algorithm, input, options.loops);
  return repeat(bytesToHex(oneSkcipher(options, algorithm, input)), options.loops);
}

/** -x 9: one line; the requests chain on most kernels, some restart from the IV (docs/reference-cli.md §4). */
function skcipherAioLines(options: KcapiOptions, algorithm: string): string[][] {
  const input = skcipherInput(options);
  const requests = Math.max(1, options.loops);
  const independent = bytesToHex(oneSkcipher(options, algorithm, input)).repeat(requests);
  if (requests === 1) return [[independent]];
  const chained = chainedSkcipher(options, algorithm, input, requests).join('');
  return options.aioFallback ? [[chained]] : [[chained], [independent]];
}

/** The generic name of an AEAD node:crypto computes, and the kernel's IV size for it. */
function softwareAead(algorithm: string): { name: string; ivSize: number } {
  const name = algorithmModel(algorithm)?.name ?? algorithm;
  const ivSize = kernelIvLength(name);
  if (softwareKind(name) !== 'aead' || ivSize === undefined) throw new NotVerifiable(undefined, 'node:crypto has no such AEAD');
  return { name, ivSize };
}

interface AeadInput {
  readonly algorithm: string;
  readonly direction: Direction;
  readonly key: Uint8Array;
  readonly iv: Uint8Array;
  readonly assoc: Uint8Array;
  /** Plaintext, or ciphertext followed by the tag. */
  readonly data: Uint8Array;
  readonly tagLength: number;
  readonly printAad: boolean;
}

/** One AEAD result line as the kernel run prints it: [AAD] data [tag], or EBADMSG. */
function aeadResult(request: AeadInput): string {
  const { name, ivSize } = softwareAead(request.algorithm);
  const parameters = { key: request.key, tagLength: request.tagLength, assocLength: request.assoc.length };
  let outcome: RequestOutcome;
  try {
    outcome = aeadRequest(name, request.direction, parameters, fitIv(request.iv, ivSize), Buffer.concat([request.assoc, request.data]));
  } catch (error) {
    throw new NotVerifiable(undefined, (error as Error).message);
  }
  if ('error' in outcome) {
    if (outcome.error === 'EBADMSG') return 'EBADMSG';
    throw new NotVerifiable(undefined, `node:crypto answers ${outcome.error}`);
  }
  return bytesToHex(request.printAad ? outcome.output : outcome.output.subarray(request.assoc.length));
}

function aeadLine(options: KcapiOptions, algorithm: string): string {
  if (options.iv === undefined || options.iv.length === 0) throw new NotVerifiable('without an IV');
  const encrypting = encrypts(options);
  const data = encrypting
    ? (options.plaintext ?? new Uint8Array(0))
    : Buffer.concat([options.ciphertext ?? new Uint8Array(0), options.tag ?? new Uint8Array(0)]);
  return aeadResult({
    algorithm,
    direction: direction(options),
    key: options.key ?? new Uint8Array(0),
    iv: options.iv,
    assoc: options.assoc ?? new Uint8Array(0),
    data,
    tagLength: options.tagLength,
    printAad: options.printAad,
  });
}

/** -y: the fixed CCM test, one line per loop. */
function largeInputLines(options: KcapiOptions): string[] {
  const test = largeInputTest;
  const line = aeadResult({
    algorithm: test.cipher,
    direction: 'encrypt',
    key: hexToBytes(test.key),
    iv: ccmNonceToIv(hexToBytes(test.nonce)),
    assoc: largeInputAad().subarray(0, options.stream ? test.streamAssocLength : test.oneShotAssocLength),
    data: hexToBytes(test.message),
    tagLength: test.tagLength,
    printAad: false,
  });
  return repeat(line, options.loops);
}

/** -x 3: the digest (keyed when -k is given), cut to -b bytes. */
function digestLine(options: KcapiOptions, algorithm: string): string {
  const key = options.key !== undefined && options.key.length > 0 ? Buffer.from(options.key) : null;
  let digest;
  try {
    digest = digestFunction(algorithm, key);
  } catch (error) {
    throw new NotVerifiable(undefined, (error as Error).message);
  }
  const result = digest(options.plaintext ?? new Uint8Array(0));
  return bytesToHex(options.outputLength > 0 ? result.subarray(0, options.outputLength) : result);
}

/** The node digest inside `hmac(NAME)`, the only PRF node's PBKDF2 and HKDF take. */
function hmacDigest(algorithm: string): string {
  const inner = /^hmac\((.+)\)$/.exec(algorithm)?.[1];
  const digest = inner === undefined ? undefined : nodeHashName(inner);
  if (digest === undefined) throw new NotVerifiable(undefined, 'node:crypto derives keys with hmac(HASH) only');
  return digest;
}

function pbkdf2Line(options: KcapiOptions, algorithm: string): string {
  if (options.loops === 0) throw new NotVerifiable('with -d 0 (an iteration count suggestion)');
  const digest = hmacDigest(algorithm);
  const password = options.plaintext ?? new Uint8Array(0);
  const salt = options.key ?? new Uint8Array(0);
  return bytesToHex(pbkdf2Hmac(digest, password, salt, options.loops, options.outputLength));
}

function hkdfLine(options: KcapiOptions, algorithm: string): string {
  if (options.loops === 0) throw new NotVerifiable('with -d 0 (an iteration count suggestion)');
  const digest = hmacDigest(algorithm);
  if (options.outputLength === 0) return '';
  // An absent salt and an empty one both mean h zero bytes (RFC 5869 §2.2).
  const derived = hkdfHmac(
    digest,
    options.key ?? new Uint8Array(0),
    options.iv ?? new Uint8Array(0),
    options.plaintext ?? new Uint8Array(0),
    options.outputLength,
  );
  return bytesToHex(derived);
}
