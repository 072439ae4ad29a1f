/** Symmetric ciphers in software, as AF_ALG's skcipher sockets compute them (no padding). */
import { createCipheriv, createDecipheriv } from 'node:crypto';
import { NoSoftwareReference, nodeCipherName, takesIv, type Direction } from './algorithms.js';
import { composedMode, composedRequest } from './composed-modes.js';

/**
 * The node:crypto cipher for a kernel skcipher and this key; throws NoSoftwareReference
 * when there is none, or when OpenSSL refuses a key the kernel takes (XTS with equal halves,
 * which the kernel accepts outside FIPS mode).
 */
export function resolveSkcipher(algorithm: string, key: Uint8Array): string {
  const name = nodeCipherName(algorithm, key.length);
  if (name === undefined) throw new NoSoftwareReference(`node:crypto has no ${algorithm} with a ${key.length}-byte key`);
  if (name.endsWith('-xts') && Buffer.from(key.subarray(0, key.length / 2)).equals(key.subarray(key.length / 2))) {
    throw new NoSoftwareReference(`${algorithm}: node:crypto refuses a key whose two halves are equal`);
  }
  return name;
}

/** One request through the node:crypto cipher `nodeCipher` (from resolveSkcipher). */
export function cipherOnce(nodeCipher: string, direction: Direction, key: Uint8Array, iv: Uint8Array, input: Uint8Array): Buffer {
  const ivArgument = takesIv(nodeCipher) ? iv : null;
  const cipher = direction === 'encrypt' ? createCipheriv(nodeCipher, key, ivArgument) : createDecipheriv(nodeCipher, key, ivArgument);
  cipher.setAutoPadding(false);
  return Buffer.concat([cipher.update(input), cipher.final()]);
}

/** A stream of encryption requests whose IV carries on from one to the next, as on one operation socket. */
export interface CipherChain {
  update(input: Uint8Array): Buffer;
}

export function cipherChain(nodeCipher: string, key: Uint8Array, iv: Uint8Array): CipherChain {
  const cipher = createCipheriv(nodeCipher, key, takesIv(nodeCipher) ? iv : null);
  cipher.setAutoPadding(false);
  return cipher;
}

/** One skcipher request in software; throws NoSoftwareReference (see resolveSkcipher). */
export function skcipher(algorithm: string, direction: Direction, key: Uint8Array, iv: Uint8Array, input: Uint8Array): Buffer {
  const composed = nodeCipherName(algorithm, key.length) === undefined ? composedMode(algorithm) : undefined;
  if (composed !== undefined) return composedRequest(composed, direction, key, iv, input);
  return cipherOnce(resolveSkcipher(algorithm, key), direction, key, iv, input);
}
