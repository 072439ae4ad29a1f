/**
 * Kernel skcipher modes OpenSSL has no name for, computed from node:crypto's block cipher
 * (its ECB or CBC mode) exactly as the kernel's templates define them: pcbc (crypto/pcbc.c),
 * cts (CBC ciphertext stealing, variant CS3: crypto/cts.c), xctr (crypto/xctr.c), ctr over a
 * 64-bit block cipher (crypto/ctr.c with des3_ede) and rfc3686 (RFC 3686 counter blocks).
 * test/unit/software-composed-modes.test.ts checks them against published vectors.
 */
import { createCipheriv, createDecipheriv } from 'node:crypto';
import { NoSoftwareReference, templateOf, type Direction } from './algorithms.js';

/** How to compute one composed mode, given OpenSSL's name for the block cipher in ECB (and CBC). */
export interface ComposedMode {
  readonly mode: 'pcbc' | 'cts' | 'xctr' | 'ctr' | 'rfc3686';
  readonly blockSize: number;
  /** The kernel's IV size for the mode. */
  readonly ivSize: number;
  /** OpenSSL's ECB cipher for a key length, or undefined when it has none. */
  ecbCipher(keyLength: number): string | undefined;
}

const aesEcb = (keyLength: number) => ([16, 24, 32].includes(keyLength) ? `aes-${keyLength * 8}-ecb` : undefined);
const des3Ecb = (keyLength: number) => (keyLength === 24 ? 'des-ede3-ecb' : undefined);

/** The composed mode a kernel name stands for, or undefined. */
export function composedMode(algorithm: string): ComposedMode | undefined {
  if (algorithm === 'rfc3686(ctr(aes))') {
    // The key carries a 4-byte nonce after the AES key.
    return { mode: 'rfc3686', blockSize: 16, ivSize: 8, ecbCipher: (keyLength) => aesEcb(keyLength - 4) };
  }
  if (algorithm === 'cts(cbc(aes))') return { mode: 'cts', blockSize: 16, ivSize: 16, ecbCipher: aesEcb };
  const [mode, cipher] = templateOf(algorithm) ?? [];
  if (cipher === 'aes' && (mode === 'pcbc' || mode === 'xctr')) return { mode, blockSize: 16, ivSize: 16, ecbCipher: aesEcb };
  if (cipher === 'des3_ede' && mode === 'ctr') return { mode, blockSize: 8, ivSize: 8, ecbCipher: des3Ecb };
  return undefined;
}

/** A key length the mode cannot take, or a partial block where the mode needs whole ones. */
export class ComposedModeInputError extends Error {
  override name = 'ComposedModeInputError';
}

function blockCipher(name: string, direction: Direction, key: Uint8Array, data: Uint8Array): Buffer {
  const cipher = direction === 'encrypt' ? createCipheriv(name, key, null) : createDecipheriv(name, key, null);
  cipher.setAutoPadding(false);
  return Buffer.concat([cipher.update(data), cipher.final()]);
}

function xor(a: Uint8Array, b: Uint8Array): Buffer {
  const out = Buffer.alloc(Math.min(a.length, b.length));
  for (let i = 0; i < out.length; i++) out[i] = a[i]! ^ b[i]!;
  return out;
}

/** Counter mode from counter blocks: the keystream is the blocks enciphered, XORed onto the data. */
function counterMode(ecb: string, key: Uint8Array, blockSize: number, data: Uint8Array, counterBlock: (index: number) => Buffer): Buffer {
  const blocks = Math.ceil(data.length / blockSize);
  const counters = Buffer.concat(Array.from({ length: blocks }, (_, index) => counterBlock(index)));
  return xor(data, blockCipher(ecb, 'encrypt', key, counters));
}

/** Adds `n` to a big-endian counter that fills the block (the kernel's crypto_inc over the whole IV). */
function bigEndianPlus(iv: Uint8Array, n: number): Buffer {
  const out = Buffer.from(iv);
  let carry = n;
  for (let i = out.length - 1; i >= 0 && carry > 0; i--) {
    const sum = out[i]! + (carry % 256);
    out[i] = sum % 256;
    carry = Math.floor(carry / 256) + Math.floor(sum / 256);
  }
  return out;
}

function pcbc(ecb: string, direction: Direction, key: Uint8Array, iv: Uint8Array, data: Uint8Array, blockSize: number): Buffer {
  const out = Buffer.alloc(data.length);
  let chain: Uint8Array = iv;
  for (let offset = 0; offset < data.length; offset += blockSize) {
    const block = data.subarray(offset, offset + blockSize);
    const result =
      direction === 'encrypt' ? blockCipher(ecb, 'encrypt', key, xor(block, chain)) : xor(blockCipher(ecb, 'decrypt', key, block), chain);
    result.copy(out, offset);
    chain = direction === 'encrypt' ? xor(block, result) : xor(result, block);
  }
  return out;
}

function cbc(ecb: string, direction: Direction, key: Uint8Array, iv: Uint8Array, data: Uint8Array, blockSize: number): Buffer {
  const out = Buffer.alloc(data.length);
  let chain: Uint8Array = iv;
  for (let offset = 0; offset < data.length; offset += blockSize) {
    const block = data.subarray(offset, offset + blockSize);
    const result =
      direction === 'encrypt' ? blockCipher(ecb, 'encrypt', key, xor(block, chain)) : xor(blockCipher(ecb, 'decrypt', key, block), chain);
    result.copy(out, offset);
    chain = direction === 'encrypt' ? result : block;
  }
  return out;
}

/** CBC-CS3: the last two ciphertext blocks swapped, the final one cut to the last block's length. */
function cts(ecb: string, direction: Direction, key: Uint8Array, iv: Uint8Array, data: Uint8Array, blockSize: number): Buffer {
  if (data.length < blockSize) throw new ComposedModeInputError(`cts needs at least one block, got ${data.length} bytes`);
  if (data.length === blockSize) return cbc(ecb, direction, key, iv, data, blockSize);
  const tail = data.length - Math.floor((data.length - 1) / blockSize) * blockSize; // 1..blockSize
  const head = data.length - tail - blockSize; // bytes before the last two blocks
  if (direction === 'encrypt') {
    const padded = Buffer.concat([data, Buffer.alloc(blockSize - tail)]);
    const c = cbc(ecb, 'encrypt', key, iv, padded, blockSize);
    const penultimate = c.subarray(head, head + blockSize);
    const last = c.subarray(head + blockSize);
    return Buffer.concat([c.subarray(0, head), last, penultimate.subarray(0, tail)]);
  }
  const stolen = data.subarray(head, head + blockSize);
  const partial = data.subarray(head + blockSize);
  const d = blockCipher(ecb, 'decrypt', key, stolen);
  const lastPlain = xor(d.subarray(0, tail), partial);
  const penultimateCipher = Buffer.concat([partial, d.subarray(tail)]);
  const front = cbc(ecb, 'decrypt', key, iv, Buffer.concat([data.subarray(0, head), penultimateCipher]), blockSize);
  return Buffer.concat([front, lastPlain]);
}

/** One request of a composed mode; throws ComposedModeInputError where the kernel fails too. */
export function composedRequest(mode: ComposedMode, direction: Direction, key: Uint8Array, iv: Uint8Array, data: Uint8Array): Buffer {
  const ecb = mode.ecbCipher(key.length);
  if (ecb === undefined) throw new NoSoftwareReference(`node:crypto has no block cipher for ${mode.mode} with a ${key.length}-byte key`);
  const { blockSize } = mode;
  switch (mode.mode) {
    case 'pcbc':
      if (data.length % blockSize !== 0) throw new ComposedModeInputError(`pcbc takes whole ${blockSize}-byte blocks`);
      return pcbc(ecb, direction, key, iv, data, blockSize);
    case 'cts':
      return cts(ecb, direction, key, iv, data, blockSize);
    case 'xctr':
      return counterMode(ecb, key, blockSize, data, (index) => {
        const counter = Buffer.alloc(blockSize);
        counter.writeUInt32LE((index + 1) % 2 ** 32, 0);
        counter.writeUInt32LE(Math.floor((index + 1) / 2 ** 32), 4);
        return xor(counter, iv);
      });
    case 'ctr':
      return counterMode(ecb, key, blockSize, data, (index) => bigEndianPlus(iv, index));
    case 'rfc3686': {
      const aesKey = key.subarray(0, key.length - 4);
      const nonce = key.subarray(key.length - 4);
      const first = Buffer.concat([nonce, iv, Buffer.from([0, 0, 0, 1])]);
      return counterMode(ecb, aesKey, blockSize, data, (index) => bigEndianPlus(first, index));
    }
  }
}
