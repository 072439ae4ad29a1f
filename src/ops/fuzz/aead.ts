/**
 * `kcapi -h -x 2 -c NAME`: each round picks a random key (authenc(...) keys in the kernel's
 * rtattr format), a random valid tag length (invalid ones must be refused), random AAD,
 * IV and data, encrypts in one sendmsg and in random MSG_MORE pieces, compares with
 * node:crypto where it has the AEAD, decrypts back, and checks that a flipped bit in the
 * AAD, ciphertext or tag gives EBADMSG.
 */
import { algorithmInfo, Transform } from '../../kernel/index.js';
import { describeError, failureCode, hex, type FuzzFailures } from './failures.js';
import { readAeadResult, readAll, sendInPieces, sendWhole, withOperation } from './io.js';
import type { FuzzRandom } from './random.js';
import { aeadRequest, authencKey, softwareKind } from '../../software/index.js';
import { isInternalError } from '../../errors.js';
import { softwareRefusal } from './software-refusal.js';

/** The node:crypto counterpart of the kernel's encryption: CT ‖ TAG; undefined for parameters it cannot take. */
export interface AeadReference {
  encrypt(key: Uint8Array, iv: Uint8Array, aad: Uint8Array, plaintext: Uint8Array, tagLength: number): Buffer | undefined;
}

/** The software reference for a generic kernel AEAD name, or undefined when there is none. */
export function aeadReference(name: string): AeadReference | undefined {
  if (softwareKind(name) !== 'aead') return undefined;
  return {
    encrypt: (key, iv, aad, plaintext, tagLength) => {
      try {
        const outcome = aeadRequest(name, 'encrypt', { key, tagLength, assocLength: aad.length }, iv, Buffer.concat([aad, plaintext]));
        return 'output' in outcome ? outcome.output.subarray(aad.length) : undefined;
      } catch (error) {
        if (softwareRefusal(error)) return undefined;
        throw error;
      }
    },
  };
}

const probedKeyLengths = 80;
const aesKeyLengths = [16, 24, 32];

interface AeadContext {
  name: string;
  transform: Transform;
  ivSize: number;
  unit: number;
  maxTag: number;
  tagLengths: number[];
  keyLengths: number[];
  authenc: boolean;
  ccm: boolean;
  reference: AeadReference | undefined;
  /** AEADs that must take any AAD and data length (rfc4106 and others restrict them). */
  permissive: boolean;
  /** Bytes at the AAD's end the kernel does not authenticate: rfc4106's copy of the IV (RFC 4106 §5). */
  unauthenticatedAadTail: number;
}

function randomKey(context: AeadContext, random: FuzzRandom): Buffer {
  if (context.authenc) return authencKey(random.bytes(random.int(0, 64)), random.bytes(random.pick(aesKeyLengths)));
  return random.bytes(random.pick(context.keyLengths));
}

function accepted(lengths: number, attempt: (length: number) => void): number[] {
  const result: number[] = [];
  for (let length = 0; length <= lengths; length++) {
    if (failureCode(() => attempt(length)) === undefined) result.push(length);
  }
  return result;
}

/** `reference` replaces the node:crypto counterpart (tests use it to see that a wrong answer is caught). */
export function fuzzAead(
  name: string,
  rounds: number,
  random: FuzzRandom,
  failures: FuzzFailures,
  reference: AeadReference | undefined = aeadReference(name),
): void {
  const transform = Transform.open('aead', name);
  try {
    const info = algorithmInfo(transform);
    const authenc = name.startsWith('authenc(');
    const context: AeadContext = {
      name,
      transform,
      ivSize: info.ivSize,
      unit: Math.max(1, info.blockSize),
      maxTag: info.maxAuthSize,
      tagLengths: accepted(info.maxAuthSize, (length) => transform.setAuthSize(length)),
      keyLengths: authenc ? [] : accepted(probedKeyLengths, (length) => transform.setKey(random.bytes(length))),
      authenc,
      ccm: /^ccm\(/.test(name),
      reference,
      permissive: /^(gcm|ccm)\(aes\)$|^rfc7539\(|^authenc\(/.test(name),
      unauthenticatedAadTail: /^rfc4106\(/.test(name) ? 8 : 0,
    };
    if (context.tagLengths.length === 0) {
      failures.fail(0, `${name} accepts no tag length of 0..${info.maxAuthSize}`);
      return;
    }
    if (!authenc && context.keyLengths.length === 0) {
      failures.fail(0, `${name} accepts no key of 0..${probedKeyLengths} bytes`);
      return;
    }
    for (let round = 1; round <= rounds; round++) {
      failures.guard(round, name, () => aeadRound(context, round, random, failures));
    }
  } finally {
    transform.close();
  }
}

function aeadRound(context: AeadContext, round: number, random: FuzzRandom, failures: FuzzFailures): void {
  const { transform } = context;
  const fail = (message: string) => failures.fail(round, message);

  const tryTag = random.int(0, context.maxTag + 4);
  const tagError = failureCode(() => transform.setAuthSize(tryTag));
  if (context.tagLengths.includes(tryTag) !== (tagError === undefined)) {
    fail(`tag length ${tryTag} was ${tagError === undefined ? 'accepted' : `refused (${tagError})`} against the probe`);
  }
  if (context.authenc) {
    // An rtattr announcing more encryption key than there is must be refused.
    const broken = authencKey(random.bytes(8), random.bytes(16));
    broken.writeUInt32BE(broken.length, 4);
    if (failureCode(() => transform.setKey(broken)) === undefined) fail('an authenc key with a bad length field was accepted');
  }

  const key = randomKey(context, random);
  transform.setKey(key);
  const tagLength = random.pick(context.tagLengths);
  transform.setAuthSize(tagLength);
  const iv = random.bytes(context.ivSize);
  if (context.ccm) iv[0] = random.int(1, 7);
  const aad = random.bytes(random.int(0, 64));
  const length = context.unit > 1 ? context.unit * random.int(0, 32) : random.int(0, 512);
  const plaintext = random.bytes(length);
  const input = Buffer.concat([aad, plaintext]);
  const start = { iv, assocLen: aad.length };
  const describe = () => `key ${hex(key)} iv ${hex(iv)} aad ${aad.length} data ${length} tag ${tagLength}`;

  let sealed: Buffer;
  try {
    sealed = withOperation(
      () => transform.accept(),
      (operation) => {
        sendWhole(operation, input, { op: 'encrypt', ...start });
        return readAll(operation, input.length + tagLength);
      },
    );
  } catch (error) {
    if (isInternalError(error)) throw error;
    // Only AEADs known to take any lengths must succeed; others (rfc4106) restrict the AAD.
    if (context.permissive) fail(`encryption failed (${describe()}): ${describeError(error)}`);
    return;
  }
  if (!sealed.subarray(0, aad.length).equals(aad)) fail(`the AAD was not copied to the output (${describe()})`);
  const sealedBody = sealed.subarray(aad.length);

  const pieces = withOperation(
    () => transform.accept(),
    (operation) => {
      sendInPieces(operation, input, { op: 'encrypt', ...start }, random);
      return readAll(operation, input.length + tagLength);
    },
  );
  if (!pieces.equals(sealed)) fail(`MSG_MORE pieces differ from one sendmsg (${describe()})`);

  const expected = context.reference?.encrypt(key, iv, aad, plaintext, tagLength);
  if (expected !== undefined && !expected.equals(sealedBody)) {
    fail(`kernel output differs from node:crypto (${describe()}): kernel ${hex(sealedBody)} node ${hex(expected)}`);
  }

  const opened = withOperation(
    () => transform.accept(),
    (operation) => {
      sendWhole(operation, sealed, { op: 'decrypt', ...start });
      return readAeadResult(operation, input.length);
    },
  );
  if (!opened.subarray(aad.length).equals(plaintext)) fail(`decryption does not give the plaintext back (${describe()})`);

  if (tagLength > 0) {
    const tampered = Buffer.from(sealed);
    const bit = random.int(0, tampered.length * 8 - 1);
    tampered[bit >> 3]! ^= 1 << (bit & 7);
    let reopened: Buffer | undefined;
    const error = failureCode(() => {
      reopened = withOperation(
        () => transform.accept(),
        (operation) => {
          sendWhole(operation, tampered, { op: 'decrypt', ...start });
          return readAeadResult(operation, input.length);
        },
      );
    });
    const byte = bit >> 3;
    const where = byte < aad.length ? 'AAD' : byte < aad.length + length ? 'ciphertext' : 'tag';
    const unauthenticated = byte < aad.length && byte >= aad.length - context.unauthenticatedAadTail;
    if (unauthenticated) {
      if (error !== undefined || !reopened?.subarray(aad.length).equals(plaintext)) {
        fail(
          `a flipped bit in the unauthenticated IV copy at the AAD's end gave ${error ?? 'a wrong plaintext'} instead of the plaintext (${describe()})`,
        );
      }
    } else if (error !== 'EBADMSG') {
      fail(`a flipped bit in the ${where} gave ${error ?? 'success'} instead of EBADMSG (${describe()})`);
    }
  }
}
