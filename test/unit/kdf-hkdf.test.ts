import { hkdfSync } from 'node:crypto';
import { randomBytes, randomInt } from '../helpers/seeded-random.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hkdf } from '../../src/kdf/hkdf.js';
import { softwareHmac } from '../../src/software/index.js';
import { requireCavpRoot } from '../helpers/cavp-dir.js';
import { hkdfRfc5869Vectors } from '../helpers/kdf-vectors.js';

describe('HKDF against RFC 5869 (software HMAC)', () => {
  const vectors = hkdfRfc5869Vectors();

  it('read all seven cases', () => {
    expect(vectors).toHaveLength(7);
  });

  it.each(vectors.map((v) => [v.name, v] as const))('%s', (_name, vector) => {
    const family = softwareHmac(vector.hash);
    expect(hkdf(family, vector.ikm, vector.salt, vector.info, vector.length).toString('hex')).toBe(vector.expected.toString('hex'));
    // The PRK is the extract step alone.
    expect(family.withKey(vector.salt).mac(vector.ikm)).toEqual(vector.prk);
  });

  it('an absent salt is h zero bytes (RFC 5869 case 7)', () => {
    const case7 = vectors.find((v) => v.name.includes('case 7'))!;
    expect(hkdf(softwareHmac('sha1'), case7.ikm, undefined, undefined, case7.length)).toEqual(case7.expected);
  });

  it('matches the 1200-byte vector of hkdf-generated.txt', () => {
    const text = readFileSync(join(requireCavpRoot(), 'KDF/hkdf-generated.txt'), 'latin1');
    const field = (name: string) => new RegExp(`^${name} = ?(.*)$`, 'm').exec(text)![1]!.trim();
    const expected = Buffer.from(field('OKM'), 'hex');
    expect(expected).toHaveLength(Number(field('L')));
    expect(hkdf(softwareHmac('sha256'), Buffer.from(field('IKM'), 'hex'), Buffer.alloc(0), Buffer.alloc(0), expected.length)).toEqual(
      expected,
    );
  });
});

describe('HKDF differential against node:crypto hkdfSync', () => {
  it('300 random inputs (and the 255-block maximum)', () => {
    const hashes = ['sha1', 'sha256', 'sha384', 'sha512'];
    for (let round = 0; round < 300; round++) {
      const hash = hashes[round % hashes.length]!;
      const family = softwareHmac(hash);
      const ikm = randomBytes(randomInt(1, 100));
      const salt = randomBytes(randomInt(0, 100));
      const info = randomBytes(randomInt(0, 100));
      const length = round % 50 === 0 ? 255 * family.digestLength : randomInt(0, 600);
      const expected = Buffer.from(hkdfSync(hash, ikm, salt, info, length));
      expect(hkdf(family, ikm, salt, info, length).toString('hex')).toBe(expected.toString('hex'));
    }
  }, 120_000);
});

describe('HKDF argument checks (libkcapi semantics)', () => {
  const family = softwareHmac('sha256');
  it('empty input key material is an error', () => {
    expect(() => hkdf(family, Buffer.alloc(0), undefined, undefined, 32)).toThrow(RangeError);
  });
  it('more than 255 blocks is an error', () => {
    expect(hkdf(family, Buffer.from('k'), undefined, undefined, 255 * 32)).toHaveLength(255 * 32);
    expect(() => hkdf(family, Buffer.from('k'), undefined, undefined, 255 * 32 + 1)).toThrow(RangeError);
  });
  it('a zero length derives nothing', () => {
    expect(hkdf(family, Buffer.from('k'), undefined, undefined, 0)).toHaveLength(0);
  });
});
