import { endianness } from 'node:os';

import { describe, expect, it } from 'vitest';

import { CryptoAlgFlag, decodeCryptoReport } from '../../src/kernel/index.js';

const NAME = 64;

/** struct crypto_user_alg in host byte order. */
function userAlg(name: string, driver: string, module: string, flags: number, refcnt = 1): Buffer {
  const buffer = Buffer.alloc(3 * NAME + 16);
  buffer.write(name, 0, 'latin1');
  buffer.write(driver, NAME, 'latin1');
  buffer.write(module, 2 * NAME, 'latin1');
  const write = (value: number, offset: number) =>
    endianness() === 'LE' ? buffer.writeUInt32LE(value, offset) : buffer.writeUInt32BE(value, offset);
  write(refcnt, 3 * NAME + 8);
  write(flags, 3 * NAME + 12);
  return buffer;
}

function struct(strings: string[], numbers: number[]): Buffer {
  const buffer = Buffer.alloc(strings.length * NAME + numbers.length * 4);
  strings.forEach((text, index) => buffer.write(text, index * NAME, 'latin1'));
  numbers.forEach((value, index) =>
    endianness() === 'LE'
      ? buffer.writeUInt32LE(value, strings.length * NAME + index * 4)
      : buffer.writeUInt32BE(value, strings.length * NAME + index * 4),
  );
  return buffer;
}

describe('decodeCryptoReport', () => {
  it('decodes an AEAD report with priority and flags', () => {
    const info = decodeCryptoReport({
      algorithm: userAlg('gcm(aes)', 'generic-gcm-aesni', 'aesni_intel', CryptoAlgFlag.tested | CryptoAlgFlag.async, 3),
      attributes: [
        { type: 1, data: struct([], [400]) },
        { type: 5, data: struct(['aead', '<none>'], [1, 16, 12]) },
      ],
    });
    expect(info).toMatchObject({
      name: 'gcm(aes)',
      driver: 'generic-gcm-aesni',
      module: 'aesni_intel',
      refcount: 3,
      priority: 400,
      type: 'aead',
      geniv: '<none>',
      blockSize: 1,
      maxAuthSize: 16,
      ivSize: 12,
      selftest: 'passed',
      async: true,
      internal: false,
      source: 'netlink',
    });
  });

  it('decodes skcipher, hash, cipher and rng reports', () => {
    const decode = (type: number, data: Buffer) =>
      decodeCryptoReport({ algorithm: userAlg('x', 'x-drv', 'kernel', CryptoAlgFlag.internal), attributes: [{ type, data }] });
    expect(decode(4, struct(['skcipher', '<none>'], [16, 32, 64, 16]))).toMatchObject({
      type: 'skcipher',
      blockSize: 16,
      minKeySize: 32,
      maxKeySize: 64,
      ivSize: 16,
      internal: true,
      selftest: 'unknown',
    });
    expect(decode(3, struct(['shash'], [128, 64]))).toMatchObject({ type: 'shash', blockSize: 128, digestSize: 64 });
    expect(decode(8, struct(['cipher'], [16, 16, 32]))).toMatchObject({ type: 'cipher', blockSize: 16, minKeySize: 16, maxKeySize: 32 });
    expect(decode(7, struct(['rng'], [48]))).toMatchObject({ type: 'rng', seedSize: 48 });
  });

  it('ignores unknown attributes and reads truncated ones as zero', () => {
    const info = decodeCryptoReport({
      algorithm: userAlg('sha1', 'sha1-generic', 'kernel', 0),
      attributes: [
        { type: 99, data: Buffer.alloc(8, 0xff) },
        { type: 3, data: struct(['shash'], [64]) }, // digestsize missing
      ],
    });
    expect(info).toMatchObject({ type: 'shash', blockSize: 64, digestSize: 0, priority: 0 });
  });

  it('rejects a struct crypto_user_alg that is too short', () => {
    expect(() => decodeCryptoReport({ algorithm: Buffer.alloc(100), attributes: [] })).toThrow(RangeError);
  });
});
