import { randomBytes } from '../helpers/seeded-random.js';
import { describe, expect, it } from 'vitest';
import { aeadRequest, authencKey, NoSoftwareReference, openAead, sealAead, splitAuthencKey } from '../../src/software/index.js';

const hex = (text: string) => Buffer.from(text, 'hex');
const outputOf = (outcome: ReturnType<typeof aeadRequest>): Buffer => {
  if (!('output' in outcome)) throw new Error(`expected an output, got ${outcome.error}`);
  return outcome.output;
};

describe('software AEAD in the kernel layout', () => {
  it('matches the documented gcm(aes) known answer (docs/reference-cli.md §4) and rejects a changed tag', () => {
    const parameters = { key: hex('2fb45e5b8f993a2bfebc4b15b533e0b4'), tagLength: 16, assocLength: 8 };
    const nonce = hex('0d18e06c7c725ac9e362e1ce');
    const aad = hex('2ae6c6c39c2f3a6f');
    const sealed = aeadRequest('gcm(aes)', 'encrypt', parameters, nonce, Buffer.concat([aad, hex('68ab9e1f')]));
    expect('output' in sealed && sealed.output.toString('hex')).toBe('2ae6c6c39c2f3a6f' + '8f246c19bbbb38f662b9ee7e2767bba37f2f0d52');
    if (!('output' in sealed)) throw new Error('unreachable');
    expect(aeadRequest('gcm(aes)', 'decrypt', parameters, nonce, sealed.output)).toEqual({
      output: Buffer.concat([aad, hex('68ab9e1f')]),
    });
    const forged = Buffer.from(sealed.output);
    forged[forged.length - 1]! ^= 1;
    expect(aeadRequest('gcm(aes)', 'decrypt', parameters, nonce, forged)).toEqual({ error: 'EBADMSG' });
  });

  it('matches RFC 3610 packet vector #1 for ccm(aes) given as a 16-byte counter block', () => {
    const parameters = { key: hex('c0c1c2c3c4c5c6c7c8c9cacbcccdcecf'), tagLength: 8, assocLength: 8 };
    const counterBlock = hex('0100000003020100a0a1a2a3a4a50000'); // L' = 1, 13-byte nonce
    const input = hex('0001020304050607' + '08090a0b0c0d0e0f101112131415161718191a1b1c1d1e');
    const sealed = aeadRequest('ccm(aes)', 'encrypt', parameters, counterBlock, input);
    expect('output' in sealed && sealed.output.subarray(8).toString('hex')).toBe(
      '588c979a61c663d2f066d0c2c0f989806d5f6b61dac38417e8d12cfdf926e0',
    );
  });

  it("builds the rfc4106 nonce from the key's salt and leaves the IV copy out of the AD", () => {
    const aesKey = randomBytes(16);
    const salt = randomBytes(4);
    const explicitIv = randomBytes(8);
    const spiSeq = randomBytes(8);
    const body = randomBytes(40);
    const rfc = aeadRequest(
      'rfc4106(gcm(aes))',
      'encrypt',
      { key: Buffer.concat([aesKey, salt]), tagLength: 16, assocLength: 16 },
      explicitIv,
      Buffer.concat([spiSeq, explicitIv, body]),
    );
    const gcm = aeadRequest(
      'gcm(aes)',
      'encrypt',
      { key: aesKey, tagLength: 16, assocLength: 8 },
      Buffer.concat([salt, explicitIv]),
      Buffer.concat([spiSeq, body]),
    );
    if (!('output' in rfc) || !('output' in gcm)) throw new Error('expected outputs');
    expect(rfc.output.subarray(16).toString('hex')).toBe(gcm.output.subarray(8).toString('hex'));
  });
});

describe('authenc(hmac(HASH),cbc(aes))', () => {
  // The kernel testmgr vector libkcapi quotes (RFC 3602 case 1 with an all-zero HMAC-SHA1 key).
  const key = hex('0800010000000010000000000000000000000000000000000000000006a9214036b8a15b512e03d534120006');
  const iv = hex('3dafba429d9eb430b422da802c9fac41');
  const plaintext = hex('53696e676c6520626c6f636b206d7367');
  const sealed = 'e353779c1079aeb82708942dbe77181a1b13cbaf895ee12c13c52ea3cceddcb50371a206';

  it("splits and builds the kernel's rtattr key format", () => {
    const parts = splitAuthencKey(key)!;
    expect(parts.authKey).toEqual(Buffer.alloc(20));
    expect(parts.encryptionKey.toString('hex')).toBe('06a9214036b8a15b512e03d534120006');
    if (new Uint8Array(new Uint16Array([1]).buffer)[0] === 1) expect(authencKey(parts.authKey, parts.encryptionKey)).toEqual(key);
    expect(splitAuthencKey(key.subarray(0, 7))).toBeUndefined();
  });

  it('encrypts then MACs the AAD and the ciphertext, and opens only an intact tag', () => {
    const parameters = { key, tagLength: 20, assocLength: 16 };
    const input = Buffer.concat([iv, plaintext]);
    const output = outputOf(aeadRequest('authenc(hmac(sha1),cbc(aes))', 'encrypt', parameters, iv, input));
    expect(output.subarray(16).toString('hex')).toBe(sealed);
    expect(aeadRequest('authenc(hmac(sha1),cbc(aes))', 'decrypt', parameters, iv, output)).toEqual({ output: input });
    const forged = Buffer.from(output);
    forged[20]! ^= 1;
    expect(aeadRequest('authenc(hmac(sha1),cbc(aes))', 'decrypt', parameters, iv, forged)).toEqual({ error: 'EBADMSG' });
  });

  it('a tag longer than the HMAC has no software answer', () => {
    expect(() => aeadRequest('authenc(hmac(sha1),cbc(aes))', 'encrypt', { key, tagLength: 21, assocLength: 0 }, iv, plaintext)).toThrow(
      NoSoftwareReference,
    );
  });
});

describe('other AEADs and parameters', () => {
  it("ccm(aes) takes the kernel counter block and matches libkcapi's CAVS example", () => {
    const iv = Buffer.alloc(16);
    iv[0] = 14 - 7;
    hex('674742abd0f5ba').copy(iv, 1);
    const aad = hex('fb7bc304a3909e66e2e0c5ef952712dd884ce3e7324171369f2c5db1adc48c7d');
    const plaintext = hex('8dd351509dcf1df9c33987fb31cd708dd60d65d3d4e1baa53581d891d994d723');
    const parameters = { key: hex('2861fd0253705d7875c95ba8a53171b4'), tagLength: 4, assocLength: aad.length };
    const output = outputOf(aeadRequest('ccm(aes)', 'encrypt', parameters, iv, Buffer.concat([aad, plaintext])));
    expect(output.subarray(aad.length).toString('hex')).toBe('4edb58e8d5eb6bc711c43a6f3693daebde2e5524f1b55297abb29f003236e43da7877c99');
  });

  it('rfc7539(chacha20,poly1305) matches RFC 8439 §2.8.2', () => {
    const key = hex('808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9f');
    const nonce = hex('070000004041424344454647');
    const aad = hex('50515253c0c1c2c3c4c5c6c7');
    const plaintext = Buffer.from(
      "Ladies and Gentlemen of the class of '99: If I could offer you only one tip for the future, sunscreen would be it.",
    );
    const output = outputOf(
      aeadRequest(
        'rfc7539(chacha20,poly1305)',
        'encrypt',
        { key, tagLength: 16, assocLength: aad.length },
        nonce,
        Buffer.concat([aad, plaintext]),
      ),
    );
    expect(output.subarray(aad.length, aad.length + 16).toString('hex')).toBe('d31a8d34648e60db7b86afbc53ef7ec2');
    expect(output.subarray(output.length - 16).toString('hex')).toBe('1ae10b594f09e26a7e902ecbd0600691');
  });

  it("a ccm(aes) IV that is no counter block is the kernel's EINVAL; a short decryption input too", () => {
    const parameters = { key: randomBytes(16), tagLength: 8, assocLength: 0 };
    const badIv = Buffer.alloc(16); // byte 0 = 0: L = 1, not allowed
    expect(aeadRequest('ccm(aes)', 'encrypt', parameters, badIv, randomBytes(16))).toEqual({ error: 'EINVAL' });
    expect(aeadRequest('gcm(aes)', 'decrypt', parameters, randomBytes(12), randomBytes(7))).toEqual({ error: 'EINVAL' });
  });

  it('names what it cannot compute instead of guessing', () => {
    const parameters = { key: randomBytes(16), tagLength: 16, assocLength: 0 };
    expect(() => aeadRequest('gcm(serpent)', 'encrypt', parameters, randomBytes(12), randomBytes(16))).toThrow(
      /no such AEAD as gcm\(serpent\)/,
    );
    expect(() => aeadRequest('gcm(aes)', 'encrypt', { ...parameters, key: randomBytes(20) }, randomBytes(12), randomBytes(16))).toThrow(
      /node:crypto has no gcm\(aes\) with a 20-byte key/,
    );
  });

  it('seals and opens under a standard nonce of any length (the CAVP GCM files)', () => {
    const key = randomBytes(16);
    const nonce = randomBytes(60);
    const sealed = sealAead('aes-128-gcm', key, nonce, hex('01'), hex('abcdef'), 16);
    expect(openAead('aes-128-gcm', key, nonce, hex('01'), sealed.subarray(0, 3), sealed.subarray(3))).toEqual(hex('abcdef'));
    expect(openAead('aes-128-gcm', key, nonce, hex('02'), sealed.subarray(0, 3), sealed.subarray(3))).toBeUndefined();
  });
});
