import { randomBytes } from '../helpers/seeded-random.js';

import { beforeAll, describe, expect, it } from 'vitest';

import { Rng } from '../../src/kernel/index.js';
import { requireAfAlg } from '../helpers/kernel.js';

beforeAll(requireAfAlg);

describe('Rng', () => {
  it('returns the requested number of bytes across the kernel per-read limit', async () => {
    const rng = Rng.open('drbg_nopr_hmac_sha256', new Uint8Array(0));
    try {
      for (const length of [0, 1, 127, 128, 129, 1000, 4097]) {
        expect(rng.generate(length)).toHaveLength(length);
      }
      expect(await rng.generateAsync(300)).toHaveLength(300);
    } finally {
      rng.close();
    }
  });

  it('produces different output per call and per instance, not a constant', () => {
    const first = Rng.open('drbg_nopr_hmac_sha256', new Uint8Array(0));
    const second = Rng.open('drbg_nopr_ctr_aes256', randomBytes(32));
    try {
      const a = first.generate(64);
      const b = first.generate(64);
      const c = second.generate(64);
      expect(a.equals(b)).toBe(false);
      expect(a.equals(c)).toBe(false);
      // 1000 bytes: every byte value appearing would take far more, but a stuck generator gives very few.
      expect(new Set(first.generate(1000)).size).toBeGreaterThan(200);
    } finally {
      first.close();
      second.close();
    }
  });

  it('ENOENT for an unknown generator', () => {
    expect(() => Rng.open('no_such_rng')).toThrow(expect.objectContaining({ code: 'ENOENT', syscall: 'bind' }));
  });
});
