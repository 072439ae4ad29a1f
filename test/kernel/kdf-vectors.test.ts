/**
 * Every KDF of kcapi -x 5, 6, 7, 8, 12 through the library over kernel PRFs, against
 * published vectors (NIST CAVP SP 800-108, RFC 6070, RFC 7914, RFC 5869) and, for random
 * inputs, against the same constructions over node:crypto.
 */
import { randomBytes, randomInt } from '../helpers/seeded-random.js';
import { afterAll, describe, expect, it } from 'vitest';
import { hkdf } from '../../src/kdf/hkdf.js';
import { kernelPrf, kernelPrfFamily, type KernelPrfFamily } from '../../src/kdf/kernel-prf.js';
import { pbkdf2 } from '../../src/kdf/pbkdf2.js';
import { softwareAesCmac, softwareHmac } from '../../src/software/index.js';
import { kdfCounter, kdfDoublePipeline, kdfFeedback } from '../../src/kdf/sp800-108.js';
import { Transform } from '../../src/kernel/index.js';
import {
  hkdfRfc5869Vectors,
  kbkdfCounterVectors,
  kbkdfDoublePipelineVectors,
  kbkdfFeedbackVectors,
  pbkdf2Rfc6070Vectors,
  pbkdf2Sha256Vectors,
} from '../helpers/kdf-vectors.js';
import { requireAfAlg } from '../helpers/kernel.js';

const families = new Map<string, KernelPrfFamily>();
function family(name: string): KernelPrfFamily {
  let found = families.get(name);
  if (!found) {
    requireAfAlg();
    found = kernelPrfFamily(name);
    families.set(name, found);
  }
  return found;
}

describe('SP 800-108 over kernel PRFs: NIST CAVP vectors', () => {
  const byPrf = new Map<string, ReturnType<typeof kbkdfCounterVectors>>();
  for (const vector of kbkdfCounterVectors()) {
    const key = vector.name.split(' ')[0]!;
    byPrf.set(key, [...(byPrf.get(key) ?? []), vector]);
  }

  it.each([...byPrf.keys()])('counter mode, all 40 %s vectors (32-bit counter before the fixed input)', (prfName) => {
    for (const vector of byPrf.get(prfName)!) {
      const prf = family(vector.kernelPrf).withKey(vector.keyIn);
      try {
        expect(kdfCounter(prf, vector.fixedInput, vector.expected.length).toString('hex'), vector.name).toBe(
          vector.expected.toString('hex'),
        );
      } finally {
        prf.close?.();
      }
    }
  });

  it.each([...kbkdfFeedbackVectors, ...kbkdfDoublePipelineVectors].map((v) => [v.name, v] as const))('%s', (name, vector) => {
    const derive = name.startsWith('Feedback') ? kdfFeedback : kdfDoublePipeline;
    const prf = family(vector.kernelPrf).withKey(vector.keyIn);
    try {
      expect(derive(prf, vector.fixedInput, vector.expected.length)).toEqual(vector.expected);
    } finally {
      prf.close?.();
    }
  });

  it('kernelPrf over a transform the caller keyed gives the same as the family', () => {
    requireAfAlg();
    const vector = kbkdfCounterVectors().find((v) => v.kernelPrf === 'hmac(sha512)')!;
    const transform = Transform.open('hash', vector.kernelPrf);
    try {
      transform.setKey(vector.keyIn);
      const prf = kernelPrf(transform);
      expect(prf.digestLength).toBe(64);
      expect(kdfCounter(prf, vector.fixedInput, vector.expected.length)).toEqual(vector.expected);
      prf.close?.();
    } finally {
      transform.close();
    }
  });
});

describe('PBKDF2 over kernel HMAC (native inner loop)', () => {
  it.each(pbkdf2Rfc6070Vectors(100_000).map((v) => [v.name, v] as const))('%s', (_name, vector) => {
    expect(pbkdf2(family('hmac(sha1)'), vector.password, vector.salt, vector.iterations, vector.expected.length).toString('hex')).toBe(
      vector.expected.toString('hex'),
    );
  });

  it.each(pbkdf2Sha256Vectors.map((v) => [v.name, v] as const))('%s', (_name, vector) => {
    expect(pbkdf2(family('hmac(sha256)'), vector.password, vector.salt, vector.iterations, vector.expected.length)).toEqual(
      vector.expected,
    );
  });

  it('kernel errors arrive as system errors (unkeyed HMAC: ENOKEY)', () => {
    requireAfAlg();
    const transform = Transform.open('hash', 'hmac(sha1)');
    try {
      // The kernel refuses an operation socket for an unkeyed HMAC (accept: ENOKEY).
      expect(() => kernelPrf(transform).xorChain!(Buffer.from('salt'), 3)).toThrow(expect.objectContaining({ code: 'ENOKEY' }));
    } finally {
      transform.close();
    }
  });
});

describe('HKDF over kernel HMAC: RFC 5869', () => {
  it.each(hkdfRfc5869Vectors().map((v) => [v.name, v] as const))('%s', (_name, vector) => {
    expect(hkdf(family(vector.kernelPrf), vector.ikm, vector.salt, vector.info, vector.length).toString('hex')).toBe(
      vector.expected.toString('hex'),
    );
  });

  it('absent salt (RFC 5869 case 7 as published: salt not provided)', () => {
    const case7 = hkdfRfc5869Vectors().find((v) => v.name.includes('case 7'))!;
    expect(hkdf(family('hmac(sha1)'), case7.ikm, undefined, undefined, case7.length)).toEqual(case7.expected);
  });
});

describe('kernel KDFs differential against node:crypto PRFs, random inputs', () => {
  const hashes = ['sha1', 'sha256', 'sha384', 'sha512'];

  it('SP 800-108 counter, feedback and double-pipeline: 60 random cases each', () => {
    for (const [mode, derive] of [
      ['counter', kdfCounter],
      ['feedback', kdfFeedback],
      ['pipeline', kdfDoublePipeline],
    ] as const) {
      for (let round = 0; round < 60; round++) {
        const hash = hashes[round % hashes.length]!;
        const key = randomBytes(randomInt(1, 200));
        const kernel = family(`hmac(${hash})`).withKey(key);
        const software = softwareHmac(hash).withKey(key);
        const input = randomBytes(randomInt(mode === 'feedback' ? kernel.digestLength : 0, 150));
        const length = randomInt(0, 200);
        try {
          expect(derive(kernel, input, length).toString('hex'), `${mode} ${hash}`).toBe(derive(software, input, length).toString('hex'));
        } finally {
          kernel.close?.();
        }
      }
    }
  });

  it('PBKDF2 over HMAC and AES-CMAC: 40 random cases', () => {
    for (let round = 0; round < 40; round++) {
      const cmac = round % 5 === 0;
      const hash = hashes[round % hashes.length]!;
      const password = cmac ? randomBytes(16) : randomBytes(randomInt(0, 100));
      const salt = randomBytes(randomInt(0, 64));
      const iterations = randomInt(1, 300);
      const length = randomInt(0, 150);
      const kernel = family(cmac ? 'cmac(aes)' : `hmac(${hash})`);
      const software = cmac ? softwareAesCmac : softwareHmac(hash);
      expect(pbkdf2(kernel, password, salt, iterations, length).toString('hex')).toBe(
        pbkdf2(software, password, salt, iterations, length).toString('hex'),
      );
    }
  });

  it('HKDF: 40 random cases', () => {
    for (let round = 0; round < 40; round++) {
      const hash = hashes[round % hashes.length]!;
      const ikm = randomBytes(randomInt(1, 100));
      const salt = round % 3 === 0 ? undefined : randomBytes(randomInt(0, 100));
      const info = randomBytes(randomInt(0, 100));
      const length = randomInt(0, 300);
      expect(hkdf(family(`hmac(${hash})`), ikm, salt, info, length).toString('hex')).toBe(
        hkdf(softwareHmac(hash), ikm, salt, info, length).toString('hex'),
      );
    }
  });
});

afterAll(() => families.clear());
