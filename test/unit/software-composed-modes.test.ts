/**
 * The composed modes (src/software/composed-modes.ts) against published vectors
 * (test/helpers/published-skcipher-vectors.ts); and the modes without a published vector (pcbc, xctr,
 * ctr over 3DES) against their definitions written out block by block, with seeded inputs.
 */
import { createCipheriv } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { composedMode, composedRequest } from '../../src/software/composed-modes.js';
import { kernelIvLength, skcipher, softwareKind } from '../../src/software/index.js';
import { publishedSkcipherVectors } from '../helpers/published-skcipher-vectors.js';
import { seededRandom } from '../helpers/seeded-random.js';

const hex = (text: string) => Buffer.from(text.replace(/\s+/g, ''), 'hex');

describe('published vectors', () => {
  for (const vector of publishedSkcipherVectors) {
    it(`${vector.algorithm}: ${vector.source}`, () => {
      const [key, iv, plain] = [vector.key, vector.iv, vector.plain].map(hex) as [Buffer, Buffer, Buffer];
      const output = skcipher(vector.algorithm, 'encrypt', key, iv, plain);
      expect(output.toString('hex')).toBe(vector.cipher);
      expect(skcipher(vector.algorithm, 'decrypt', key, iv, output).equals(plain)).toBe(true);
    });
  }
  it('cts: one block is plain CBC; less than a block fails, as in the kernel', () => {
    const key = Buffer.alloc(16, 1);
    const iv = Buffer.alloc(16, 2);
    const block = Buffer.alloc(16, 3);
    const cbc = createCipheriv('aes-128-cbc', key, iv).setAutoPadding(false).update(block);
    expect(skcipher('cts(cbc(aes))', 'encrypt', key, iv, block).equals(cbc)).toBe(true);
    expect(() => skcipher('cts(cbc(aes))', 'encrypt', key, iv, block.subarray(0, 15))).toThrow(/at least one block/);
  });
});

describe('modes without a published vector, from their definitions', () => {
  const random = seededRandom('composed modes');
  const aes = (key: Buffer, block: Buffer) => createCipheriv('aes-128-ecb', key, null).setAutoPadding(false).update(block);
  const xor = (a: Buffer, b: Buffer) => Buffer.from(a.map((byte, i) => byte ^ b[i]!));

  it('pcbc(aes): C_i = E(P_i xor P_{i-1} xor C_{i-1}), decrypts back', () => {
    const key = random.bytes(16);
    const iv = random.bytes(16);
    const data = random.bytes(64);
    const output = skcipher('pcbc(aes)', 'encrypt', key, iv, data);
    let chain = iv;
    for (let i = 0; i < 4; i++) {
      const block = data.subarray(16 * i, 16 * i + 16);
      const expected = aes(key, xor(block, chain));
      expect(output.subarray(16 * i, 16 * i + 16).equals(expected), `block ${i}`).toBe(true);
      chain = xor(block, expected);
    }
    expect(skcipher('pcbc(aes)', 'decrypt', key, iv, output).equals(data)).toBe(true);
    expect(() => skcipher('pcbc(aes)', 'encrypt', key, iv, data.subarray(0, 17))).toThrow(/whole/);
  });

  it('xctr(aes): keystream block i = E(IV xor le128(i)), i from 1', () => {
    const key = random.bytes(16);
    const iv = random.bytes(16);
    const data = random.bytes(40);
    const output = skcipher('xctr(aes)', 'encrypt', key, iv, data);
    const counter = (i: number) => {
      const block = Buffer.alloc(16);
      block[0] = i;
      return xor(block, iv);
    };
    const keystream = Buffer.concat([1, 2, 3].map((i) => aes(key, counter(i))));
    expect(output.equals(xor(data, keystream))).toBe(true);
    expect(skcipher('xctr(aes)', 'decrypt', key, iv, output).equals(data)).toBe(true);
  });

  it('ctr(des3_ede): the 8-byte IV counts big-endian over the whole block, carries included', () => {
    const key = random.bytes(24);
    const iv = hex('00000000000000ff');
    const data = random.bytes(20);
    const des3 = (block: Buffer) => createCipheriv('des-ede3-ecb', key, null).setAutoPadding(false).update(block);
    const keystream = Buffer.concat(['00000000000000ff', '0000000000000100', '0000000000000101'].map((c) => des3(hex(c))));
    expect(skcipher('ctr(des3_ede)', 'encrypt', key, iv, data).equals(xor(data, keystream))).toBe(true);
  });

  it('are known to the software reference with the kernel IV sizes', () => {
    for (const [name, ivSize] of [
      ['pcbc(aes)', 16],
      ['xctr(aes)', 16],
      ['cts(cbc(aes))', 16],
      ['ctr(des3_ede)', 8],
      ['rfc3686(ctr(aes))', 8],
      ['ctr(camellia)', 16],
      ['ecb(sm4)', 0],
    ] as const) {
      expect(softwareKind(name), name).toBe('skcipher');
      expect(kernelIvLength(name), name).toBe(ivSize);
    }
    expect(composedMode('xts(twofish)')).toBeUndefined();
    expect(() => composedRequest(composedMode('pcbc(aes)')!, 'encrypt', Buffer.alloc(20), Buffer.alloc(16), Buffer.alloc(16))).toThrow(
      /no block cipher/,
    );
  });
});
