/** Hashes and MACs in software for kernel names: `sha256`, `hmac(sha256)`, `cmac(aes)`. */
import { createCipheriv, createHash, createHmac } from 'node:crypto';
import { NoSoftwareReference, nodeCipherName, nodeHashName, templateOf } from './algorithms.js';

/**
 * CMAC (NIST SP 800-38B, RFC 4493 for AES) over a node:crypto CBC cipher (node:crypto has no
 * CMAC). `cbcCipher` is an OpenSSL CBC name such as `aes-128-cbc` or `des-ede3-cbc`.
 */
export function cmac(cbcCipher: string, key: Uint8Array, message: Uint8Array): Buffer {
  const blockSize = cbcCipher.startsWith('des') ? 8 : 16;
  const encryptCbc = (data: Buffer): Buffer => {
    const cipher = createCipheriv(cbcCipher, key, Buffer.alloc(blockSize));
    cipher.setAutoPadding(false);
    return Buffer.concat([cipher.update(data), cipher.final()]);
  };
  const k1 = double(encryptCbc(Buffer.alloc(blockSize)));
  const k2 = double(k1);
  const complete = message.length > 0 && message.length % blockSize === 0;
  const padded = Buffer.alloc(complete ? message.length : (Math.floor(message.length / blockSize) + 1) * blockSize);
  padded.set(message);
  if (!complete) padded[message.length] = 0x80;
  const subkey = complete ? k1 : k2;
  const last = padded.length - blockSize;
  for (let i = 0; i < blockSize; i++) padded[last + i]! ^= subkey[i]!;
  const mac = Buffer.from(encryptCbc(padded).subarray(last));
  for (const secret of [k1, k2, padded]) secret.fill(0);
  return mac;
}

/** Multiplication by x in GF(2^n): shift left, reduce with 0x87 (128-bit) or 0x1b (64-bit blocks). */
function double(block: Buffer): Buffer {
  const out = Buffer.alloc(block.length);
  for (let i = 0; i < block.length; i++) out[i] = ((block[i]! << 1) | ((block[i + 1] ?? 0) >> 7)) & 0xff;
  if (block[0]! & 0x80) out[block.length - 1]! ^= block.length === 16 ? 0x87 : 0x1b;
  return out;
}

export function hash(nodeHash: string, message: Uint8Array): Buffer {
  return createHash(nodeHash).update(message).digest();
}

export function hmac(nodeHash: string, key: Uint8Array, message: Uint8Array): Buffer {
  return createHmac(nodeHash, key).update(message).digest();
}

/** The digest of a message under a key that stays set. */
export type DigestFunction = (message: Uint8Array) => Buffer;

/**
 * The software digest for a kernel hash or MAC name: `cmac(CIPHER)` and `hmac(HASH)` with a
 * key, a plain hash without one. Throws NoSoftwareReference when node:crypto has none.
 */
export function digestFunction(algorithm: string, key: Uint8Array | null): DigestFunction {
  const [template, inner] = templateOf(algorithm) ?? [];
  if (template === 'cmac' && inner !== undefined && key !== null) {
    const cbc = nodeCipherName(`cbc(${inner})`, key.length);
    if (cbc === undefined) throw new NoSoftwareReference(`node:crypto has no cbc(${inner}) with a ${key.length}-byte key`);
    return (message) => cmac(cbc, key, message);
  }
  if (template === 'hmac' && inner !== undefined && key !== null) {
    const nodeHash = nodeHashName(inner);
    if (nodeHash === undefined) throw new NoSoftwareReference(`node:crypto has no ${inner}`);
    return (message) => hmac(nodeHash, key, message);
  }
  const nodeHash = key === null ? nodeHashName(algorithm) : undefined;
  if (nodeHash === undefined) throw new NoSoftwareReference(`node:crypto has no ${key === null ? '' : 'keyed '}${algorithm}`);
  return (message) => hash(nodeHash, message);
}
