/**
 * RFC 6070's 16,777,216-iteration PBKDF2-HMAC-SHA1 case, which the reference's test suite
 * runs (twice): feasible only because the inner loop runs natively at the system-call floor.
 */
import { describe, expect, it } from 'vitest';
import { kernelPrfFamily } from '../../src/kdf/kernel-prf.js';
import { pbkdf2 } from '../../src/kdf/pbkdf2.js';
import { pbkdf2Rfc6070Vectors } from '../helpers/kdf-vectors.js';
import { requireAfAlg } from '../helpers/kernel.js';

describe('PBKDF2 with 2^24 iterations over kernel hmac(sha1)', () => {
  const longCases = pbkdf2Rfc6070Vectors().filter((v) => v.iterations > 1_000_000);

  it('RFC 6070 has the case', () => {
    expect(longCases.map((v) => v.iterations)).toEqual([16_777_216]);
  });

  it.each(longCases.map((v) => [v.name, v] as const))(
    '%s',
    (_name, vector) => {
      requireAfAlg();
      const derived = pbkdf2(kernelPrfFamily('hmac(sha1)'), vector.password, vector.salt, vector.iterations, vector.expected.length);
      expect(derived.toString('hex')).toBe(vector.expected.toString('hex'));
    },
    // About 2 × 2^24 system calls: minutes under TCG emulation.
    3_600_000,
  );
});
