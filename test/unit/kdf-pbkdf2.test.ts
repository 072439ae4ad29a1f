import { pbkdf2Sync } from 'node:crypto';
import { randomBytes, randomInt } from '../helpers/seeded-random.js';
import { describe, expect, it } from 'vitest';
import { pbkdf2 } from '../../src/kdf/pbkdf2.js';
import { softwareAesCmac, softwareHmac } from '../../src/software/index.js';
import type { Prf, PrfFamily } from '../../src/kdf/prf.js';
import { pbkdf2Rfc6070Vectors, pbkdf2Sha256Vectors } from '../helpers/kdf-vectors.js';

describe('PBKDF2 against published vectors (software HMAC)', () => {
  // A JavaScript HMAC per iteration is slow: the long cases (RFC 7914's 80,000 and RFC 6070's
  // 16,777,216 iterations) run on the kernel suites, where the loop is native.
  const vectors = [...pbkdf2Rfc6070Vectors(5000), ...pbkdf2Sha256Vectors.filter((v) => v.iterations <= 5000)];

  it('read the RFC 6070 file', () => {
    expect(pbkdf2Rfc6070Vectors()).toHaveLength(6);
  });

  it.each(vectors.map((v) => [v.name, v] as const))('%s', (_name, vector) => {
    const derived = pbkdf2(softwareHmac(vector.hash), vector.password, vector.salt, vector.iterations, vector.expected.length);
    expect(derived.toString('hex')).toBe(vector.expected.toString('hex'));
  });

  it('the published SHA-256 answers agree with node:crypto', () => {
    for (const vector of pbkdf2Sha256Vectors) {
      expect(pbkdf2Sync(vector.password, vector.salt, vector.iterations, vector.expected.length, 'sha256')).toEqual(vector.expected);
    }
  });
});

describe('PBKDF2 differential against node:crypto pbkdf2Sync', () => {
  it('300 random passwords, salts, counts and lengths', () => {
    const hashes = ['sha1', 'sha224', 'sha256', 'sha384', 'sha512'];
    for (let round = 0; round < 300; round++) {
      const hash = hashes[round % hashes.length]!;
      const password = randomBytes(randomInt(0, 200));
      const salt = randomBytes(randomInt(0, 100));
      const iterations = randomInt(1, 40);
      const length = randomInt(0, 200);
      expect(pbkdf2(softwareHmac(hash), password, salt, iterations, length).toString('hex')).toBe(
        pbkdf2Sync(password, salt, iterations, length, hash).toString('hex'),
      );
    }
  }, 120_000);
});

describe('PBKDF2 PRF contract', () => {
  it('uses the PRF fast path when offered, with the same result, and closes the PRF', () => {
    const inner = softwareHmac('sha1');
    const calls: number[] = [];
    let closed = 0;
    const fast: PrfFamily = {
      digestLength: inner.digestLength,
      withKey(key): Prf {
        const prf = inner.withKey(key);
        return {
          digestLength: prf.digestLength,
          mac: () => {
            throw new Error('mac must not be used when xorChain exists');
          },
          xorChain(seed, iterations) {
            calls.push(iterations);
            let u = prf.mac(seed);
            const sum = Buffer.from(u);
            for (let j = 1; j < iterations; j++) {
              u = prf.mac(u);
              for (let k = 0; k < sum.length; k++) sum[k]! ^= u[k]!;
            }
            return sum;
          },
          close: () => closed++,
        };
      },
    };
    const expected = pbkdf2Sync('pw', 'salt', 7, 45, 'sha1');
    expect(pbkdf2(fast, Buffer.from('pw'), Buffer.from('salt'), 7, 45)).toEqual(expected);
    expect(calls).toEqual([7, 7, 7]);
    expect(closed).toBe(1);
  });

  it('rejects a zero, negative or fractional iteration count', () => {
    for (const bad of [0, -1, 1.5, 2 ** 32]) {
      expect(() => pbkdf2(softwareHmac('sha1'), Buffer.from('p'), Buffer.from('s'), bad, 20)).toThrow(RangeError);
    }
  });

  it('runs over AES-CMAC with a 16-byte password (PRF other than HMAC)', () => {
    const derived = pbkdf2(softwareAesCmac, Buffer.from('passwordpassword'), Buffer.from('salt'), 3, 40);
    expect(derived).toHaveLength(40);
    expect(() => pbkdf2(softwareAesCmac, Buffer.from('short'), Buffer.from('salt'), 3, 40)).toThrow(RangeError);
  });
});
