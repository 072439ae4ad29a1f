import { describe, expect, it } from 'vitest';
import { randomBytes } from '../helpers/seeded-random.js';
import {
  advanceCounter,
  algorithmModel,
  chainedOutcomes,
  independentOutcomes,
  NoSoftwareReference,
  skcipher,
  type RequestOutcome,
} from '../../src/software/index.js';

const hex = (text: string) => Buffer.from(text, 'hex');
const outputHex = (outcomes: RequestOutcome[]) =>
  outcomes.map((outcome) => ('output' in outcome ? outcome.output.toString('hex') : outcome.error)).join('');

// The example of docs/reference-cli.md §4 (kcapi -x 9 -d 2 on Debian 6.1).
const key = hex('8d7dd9b0170ce0b5f2f8e1aa768e01e91da8bfc67fd486d081b28254c99eb423');
const iv = hex('7fbc02ebf5b93322329df9bfccb635af');
const plaintext = hex('48981da18e4bb9ef7e2e3162d16b1910');
const cbc = { algorithm: algorithmModel('cbc(aes)')!, direction: 'encrypt' as const, key };

describe('software model of requests on one IV buffer', () => {
  it('reproduces the documented chained and independent -x 9 -d 2 answers for cbc(aes)', () => {
    expect(outputHex(chainedOutcomes(cbc, iv, [plaintext, plaintext]))).toBe(
      '8b19050f66582cb7f7e4b6c873819b7108afa0eaa7de29bac7d903576b674c32',
    );
    expect(outputHex(independentOutcomes(cbc, [iv, iv], [plaintext, plaintext]))).toBe(
      '8b19050f66582cb7f7e4b6c873819b718b19050f66582cb7f7e4b6c873819b71',
    );
  });

  it.each(['cbc', 'ctr'] as const)('chained %s requests equal one operation over the concatenation', (mode) => {
    const model = { algorithm: algorithmModel(`${mode}(aes)`)!, direction: 'encrypt' as const, key };
    const inputs = [randomBytes(48), randomBytes(48), randomBytes(48)];
    const whole = skcipher(`${mode}(aes)`, 'encrypt', key, iv, Buffer.concat(inputs));
    expect(outputHex(chainedOutcomes(model, iv, inputs))).toBe(whole.toString('hex'));
    const decrypt = { ...model, direction: 'decrypt' as const };
    const pieces = [whole.subarray(0, 48), whole.subarray(48, 96), whole.subarray(96)];
    expect(outputHex(chainedOutcomes(decrypt, iv, pieces))).toBe(Buffer.concat(inputs).toString('hex'));
  });

  it('advances a CTR counter per started block, carrying across bytes', () => {
    expect(advanceCounter(hex('000000000000000000000000000000ff'), 1).toString('hex')).toBe('00000000000000000000000000000100');
    expect(advanceCounter(hex('ffffffffffffffffffffffffffffffff'), 2).toString('hex')).toBe('00000000000000000000000000000001');
    const ctr = { algorithm: algorithmModel('ctr(aes)')!, direction: 'encrypt' as const, key };
    const [, second] = chainedOutcomes(ctr, iv, [randomBytes(17), plaintext]);
    const expected = skcipher('ctr(aes)', 'encrypt', key, advanceCounter(iv, 2), plaintext);
    expect(second).toEqual({ output: expected });
  });

  it('keeps the IV unchanged for xts and ecb', () => {
    for (const mode of ['xts', 'ecb'] as const) {
      const model = { algorithm: algorithmModel(`${mode}(aes)`)!, direction: 'encrypt' as const, key };
      const inputs = [randomBytes(32), randomBytes(32)];
      expect(chainedOutcomes(model, iv, inputs)).toEqual(independentOutcomes(model, [iv, iv], inputs));
    }
  });

  it('names the model for generic, driver and wrapper names', () => {
    expect(algorithmModel('cbc-aes-aesni')?.name).toBe('cbc(aes)');
    expect(algorithmModel('cbc(aes-generic)')?.name).toBe('cbc(aes)');
    expect(algorithmModel('cryptd(cbc(aes-generic))')?.name).toBe('cbc(aes)');
    expect(algorithmModel('generic-gcm-aesni')?.name).toBe('gcm(aes)');
    expect(algorithmModel('rfc4106-gcm-aesni')?.name).toBe('rfc4106(gcm(aes))');
    expect(algorithmModel('ccm_base(ctr(aes-generic),cbcmac(aes-generic))')?.name).toBe('ccm(aes)');
    expect(algorithmModel('sha256')).toBeUndefined();
  });

  it("a length node:crypto refuses is the kernel's EINVAL; a key it has no cipher for throws", () => {
    expect(chainedOutcomes(cbc, iv, [randomBytes(15)])).toEqual([{ error: 'EINVAL' }]);
    const xts = { algorithm: algorithmModel('xts(aes)')!, direction: 'encrypt' as const, key: randomBytes(48) };
    expect(() => chainedOutcomes(xts, iv, [randomBytes(32)])).toThrow(NoSoftwareReference);
  });
});
