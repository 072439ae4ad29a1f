import { describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import {
  advanceCounter,
  aeadRequest,
  algorithmModel,
  chainedOutcomes,
  independentOutcomes,
  skcipherRequest,
  type RequestOutcome,
} from '../../src/modes/software-model.js';

const hex = (text: string) => Buffer.from(text, 'hex');
const outputHex = (outcomes: RequestOutcome[]) =>
  outcomes.map((outcome) => ('output' in outcome ? outcome.output.toString('hex') : outcome.error)).join('');

// The example of spec §4 (kcapi -x 9 -d 2 on Debian 6.1).
const key = hex('8d7dd9b0170ce0b5f2f8e1aa768e01e91da8bfc67fd486d081b28254c99eb423');
const iv = hex('7fbc02ebf5b93322329df9bfccb635af');
const plaintext = hex('48981da18e4bb9ef7e2e3162d16b1910');
const cbc = { algorithm: algorithmModel('cbc(aes)')!, direction: 'encrypt' as const, key };

describe('software model of requests on one IV buffer', () => {
  it('reproduces the spec\'s chained and independent -x 9 -d 2 answers for cbc(aes)', () => {
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
    const whole = skcipherRequest(mode, 'encrypt', key, iv, Buffer.concat(inputs));
    expect(outputHex(chainedOutcomes(model, iv, inputs))).toBe(whole.toString('hex'));
    const decrypt = { ...model, direction: 'decrypt' as const };
    const pieces = [whole.subarray(0, 48), whole.subarray(48, 96), whole.subarray(96)];
    expect(outputHex(chainedOutcomes(decrypt, iv, pieces))).toBe(Buffer.concat(inputs).toString('hex'));
  });

  it('advances a CTR counter per started block, carrying across bytes', () => {
    expect(advanceCounter(hex('000000000000000000000000000000ff'), 1).toString('hex')).toBe(
      '00000000000000000000000000000100',
    );
    expect(advanceCounter(hex('ffffffffffffffffffffffffffffffff'), 2).toString('hex')).toBe(
      '00000000000000000000000000000001',
    );
    const ctr = { algorithm: algorithmModel('ctr(aes)')!, direction: 'encrypt' as const, key };
    const [, second] = chainedOutcomes(ctr, iv, [randomBytes(17), plaintext]);
    const expected = skcipherRequest('ctr', 'encrypt', key, advanceCounter(iv, 2), plaintext);
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
});

describe('software AEAD in the kernel layout', () => {
  it('matches the spec\'s gcm(aes) known answer and rejects a changed tag', () => {
    const parameters = { key: hex('2fb45e5b8f993a2bfebc4b15b533e0b4'), tagLength: 16, assocLength: 8 };
    const nonce = hex('0d18e06c7c725ac9e362e1ce');
    const aad = hex('2ae6c6c39c2f3a6f');
    const sealed = aeadRequest('gcm', 'encrypt', parameters, nonce, Buffer.concat([aad, hex('68ab9e1f')]));
    expect('output' in sealed && sealed.output.toString('hex')).toBe(
      '2ae6c6c39c2f3a6f' + '8f246c19bbbb38f662b9ee7e2767bba37f2f0d52',
    );
    if (!('output' in sealed)) throw new Error('unreachable');
    expect(aeadRequest('gcm', 'decrypt', parameters, nonce, sealed.output)).toEqual({
      output: Buffer.concat([aad, hex('68ab9e1f')]),
    });
    const forged = Buffer.from(sealed.output);
    forged[forged.length - 1]! ^= 1;
    expect(aeadRequest('gcm', 'decrypt', parameters, nonce, forged)).toEqual({ error: 'EBADMSG' });
  });

  it('matches RFC 3610 packet vector #1 for ccm(aes) given as a 16-byte counter block', () => {
    const parameters = { key: hex('c0c1c2c3c4c5c6c7c8c9cacbcccdcecf'), tagLength: 8, assocLength: 8 };
    const counterBlock = hex('0100000003020100a0a1a2a3a4a50000'); // L' = 1, 13-byte nonce
    const input = hex('0001020304050607' + '08090a0b0c0d0e0f101112131415161718191a1b1c1d1e');
    const sealed = aeadRequest('ccm', 'encrypt', parameters, counterBlock, input);
    expect('output' in sealed && sealed.output.subarray(8).toString('hex')).toBe(
      '588c979a61c663d2f066d0c2c0f989806d5f6b61dac38417e8d12cfdf926e0',
    );
  });

  it('builds the rfc4106 nonce from the key\'s salt and leaves the IV copy out of the AD', () => {
    const aesKey = randomBytes(16);
    const salt = randomBytes(4);
    const explicitIv = randomBytes(8);
    const spiSeq = randomBytes(8);
    const body = randomBytes(40);
    const rfc = aeadRequest(
      'rfc4106', 'encrypt',
      { key: Buffer.concat([aesKey, salt]), tagLength: 16, assocLength: 16 },
      explicitIv, Buffer.concat([spiSeq, explicitIv, body]),
    );
    const gcm = aeadRequest(
      'gcm', 'encrypt', { key: aesKey, tagLength: 16, assocLength: 8 },
      Buffer.concat([salt, explicitIv]), Buffer.concat([spiSeq, body]),
    );
    if (!('output' in rfc) || !('output' in gcm)) throw new Error('expected outputs');
    expect(rfc.output.subarray(16).toString('hex')).toBe(gcm.output.subarray(8).toString('hex'));
  });
});
