/**
 * The software reference (src/software/) as a vector backend: `kcapi vectors --software`
 * checks the vector files and the parser without a kernel.
 */
import { NoSoftwareReference, digestFunction, nodeCipherName, openAead, sealAead, skcipher } from '../software/index.js';
import {
  authFailure,
  SkipCase,
  type AeadRequest,
  type AuthFailure,
  type CipherRequest,
  type CryptoBackend,
  type Digester,
} from './backend.js';

/** What node:crypto cannot compute is a skipped case, with its reason. */
function skipping<T>(compute: () => T): T {
  try {
    return compute();
  } catch (error) {
    if (error instanceof NoSoftwareReference) throw new SkipCase(error.message);
    throw error;
  }
}

export class SoftwareBackend implements CryptoBackend {
  readonly name = 'node:crypto';

  skcipher(request: CipherRequest): Buffer {
    return skipping(() => skcipher(request.algorithm, request.encrypt ? 'encrypt' : 'decrypt', request.key, request.iv, request.input));
  }

  /** Under the standard's nonce (CAVP's GCM files have nonces of any length, which node:crypto takes). */
  aead(request: AeadRequest): Buffer | AuthFailure {
    const cipher = nodeCipherName(request.algorithm, request.key.length);
    if (cipher === undefined) throw new SkipCase(`node:crypto has no ${request.algorithm} with a ${request.key.length}-byte key`);
    if (request.encrypt) return sealAead(cipher, request.key, request.nonce, request.aad, request.input, request.tagLength);
    const split = request.input.length - request.tagLength;
    const plaintext = openAead(
      cipher,
      request.key,
      request.nonce,
      request.aad,
      request.input.subarray(0, split),
      request.input.subarray(split),
    );
    return plaintext ?? authFailure;
  }

  digester(algorithm: string, key: Buffer | null): Digester {
    const digest = skipping(() => digestFunction(algorithm, key));
    return { digest, close: () => {} };
  }
}
