import { createHmac } from 'node:crypto';
import { randomBytes, randomInt } from '../helpers/seeded-random.js';
import { describe, expect, it } from 'vitest';
import { kdfCounter, kdfDoublePipeline, kdfFeedback } from '../../src/kdf/sp800-108.js';
import { softwareAesCmac, softwareHmac } from '../../src/software/index.js';
import type { Prf } from '../../src/kdf/prf.js';
import { kbkdfCounterVectors, kbkdfDoublePipelineVectors, kbkdfFeedbackVectors, type KbkdfVector } from '../helpers/kdf-vectors.js';

function softwarePrf(vector: KbkdfVector): Prf {
  return (vector.hmacHash ? softwareHmac(vector.hmacHash) : softwareAesCmac).withKey(vector.keyIn);
}

/**
 * An independent, deliberately naive SP 800-108 over node:crypto HMAC, written from the
 * standard's pseudo-code: build the whole PRF input for every block, no shared helpers.
 */
function naiveSp800108(mode: 'counter' | 'feedback' | 'pipeline', hash: string, key: Buffer, input: Buffer, length: number): Buffer {
  const prf = (data: Buffer) => createHmac(hash, key).update(data).digest();
  const h = prf(Buffer.alloc(0)).length;
  const blocks: Buffer[] = [];
  let feedback = input.subarray(0, h);
  let a = input.length > 0 ? input : Buffer.alloc(h);
  for (let i = 1; blocks.length * h < length; i++) {
    const counter = Buffer.from([(i >>> 24) & 0xff, (i >>> 16) & 0xff, (i >>> 8) & 0xff, i & 0xff]);
    if (mode === 'counter') blocks.push(prf(Buffer.concat([counter, input])));
    if (mode === 'feedback') {
      feedback = prf(Buffer.concat([feedback, counter, input.subarray(h)]));
      blocks.push(feedback);
    }
    if (mode === 'pipeline') {
      a = prf(a);
      blocks.push(prf(Buffer.concat([a, counter, input])));
    }
  }
  return Buffer.concat(blocks).subarray(0, length);
}

describe('SP 800-108 counter mode against NIST CAVP (counter before fixed input, 32-bit)', () => {
  const vectors = kbkdfCounterVectors();

  it('found the HMAC and AES-CMAC sections of the CAVP file', () => {
    const prfs = new Set(vectors.map((v) => v.name.split(' ')[0]));
    expect([...prfs].sort()).toEqual([
      'CMAC_AES128',
      'CMAC_AES192',
      'CMAC_AES256',
      'HMAC_SHA1',
      'HMAC_SHA224',
      'HMAC_SHA256',
      'HMAC_SHA384',
      'HMAC_SHA512',
    ]);
    expect(vectors).toHaveLength(8 * 40);
  });

  it.each(vectors.map((v) => [v.name, v] as const))('%s', (_name, vector) => {
    expect(kdfCounter(softwarePrf(vector), vector.fixedInput, vector.expected.length).toString('hex')).toBe(
      vector.expected.toString('hex'),
    );
  });
});

describe('SP 800-108 feedback and double-pipeline modes against NIST CAVP', () => {
  it.each(kbkdfFeedbackVectors.map((v) => [v.name, v] as const))('feedback %s', (_name, vector) => {
    expect(kdfFeedback(softwarePrf(vector), vector.fixedInput, vector.expected.length)).toEqual(vector.expected);
  });
  it.each(kbkdfDoublePipelineVectors.map((v) => [v.name, v] as const))('double pipeline %s', (_name, vector) => {
    expect(kdfDoublePipeline(softwarePrf(vector), vector.fixedInput, vector.expected.length)).toEqual(vector.expected);
  });
});

describe('SP 800-108 differential against a naive implementation', () => {
  const hashes = ['sha1', 'sha256', 'sha384', 'sha512'];
  for (const mode of ['counter', 'feedback', 'pipeline'] as const) {
    it(`${mode}: 200 random keys, inputs and lengths`, () => {
      for (let round = 0; round < 200; round++) {
        const hash = hashes[round % hashes.length]!;
        const prf = softwareHmac(hash).withKey(randomBytes(randomInt(1, 150)));
        const minimumInput = mode === 'feedback' ? prf.digestLength : 1;
        const input = randomBytes(randomInt(minimumInput, 200));
        const length = randomInt(0, 300);
        const key = randomBytes(randomInt(1, 150));
        const keyed = softwareHmac(hash).withKey(key);
        const derive = { counter: kdfCounter, feedback: kdfFeedback, pipeline: kdfDoublePipeline }[mode];
        expect(derive(keyed, input, length).toString('hex'), `${hash} input ${input.toString('hex')} length ${length}`).toBe(
          naiveSp800108(mode, hash, key, input, length).toString('hex'),
        );
        prf.close?.();
      }
    }, 120_000);
  }
});

describe('SP 800-108 edge cases the reference defines', () => {
  const prf = softwareHmac('sha256').withKey(Buffer.from('key'));

  it('a zero output length derives nothing', () => {
    expect(kdfCounter(prf, Buffer.from('x'), 0)).toHaveLength(0);
    expect(kdfDoublePipeline(prf, Buffer.from('x'), 0)).toHaveLength(0);
  });

  it('a shorter output is a prefix of a longer one', () => {
    const input = randomBytes(40);
    const long = kdfCounter(prf, input, 100);
    expect(kdfCounter(prf, input, 33)).toEqual(long.subarray(0, 33));
  });

  it('feedback mode needs an IV of h bytes at the start of the input', () => {
    expect(() => kdfFeedback(prf, Buffer.alloc(31), 16)).toThrow(RangeError);
    expect(kdfFeedback(prf, Buffer.alloc(32), 16)).toHaveLength(16);
  });

  it('double pipeline with empty input starts from h zero bytes, as libkcapi does', () => {
    const expected = naiveSp800108('pipeline', 'sha256', Buffer.from('key'), Buffer.alloc(0), 70);
    expect(kdfDoublePipeline(prf, Buffer.alloc(0), 70)).toEqual(expected);
  });

  it('rejects negative and fractional lengths', () => {
    expect(() => kdfCounter(prf, Buffer.alloc(1), -1)).toThrow(RangeError);
    expect(() => kdfCounter(prf, Buffer.alloc(1), 1.5)).toThrow(RangeError);
  });
});
