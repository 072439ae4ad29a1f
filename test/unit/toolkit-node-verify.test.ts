/**
 * --verify's node:crypto answers against published known answers (FIPS 180, RFC 4231,
 * RFC 5869, RFC 6070, the reference outputs quoted in docs/reference-cli.md §4).
 */
import { describe, expect, it } from 'vitest';
import { defaultOptions, type KcapiOptions } from '../../src/ops/options.js';
import { nodeReferenceResult } from '../../src/toolkit/node-verify.js';

const hex = (text: string): Buffer => Buffer.from(text, 'hex');
const ascii = (text: string): Buffer => Buffer.from(text, 'ascii');
const options = (overrides: Partial<KcapiOptions>): KcapiOptions => ({ ...defaultOptions, ...overrides });

async function answers(overrides: Partial<KcapiOptions>, genericName?: (name: string) => string) {
  const reference = await nodeReferenceResult(options(overrides), genericName);
  if (!reference.verifiable) throw new Error(`not verifiable: ${reference.what} ${reference.detail ?? ''}`);
  return reference.alternatives;
}

const cbc = {
  cipher: 'cbc(aes)',
  operation: 1,
  key: hex('8d7dd9b0170ce0b5f2f8e1aa768e01e91da8bfc67fd486d081b28254c99eb423'),
  iv: hex('7fbc02ebf5b93322329df9bfccb635af'),
  plaintext: hex('48981da18e4bb9ef7e2e3162d16b1910'),
};
const cbcOne = '8b19050f66582cb7f7e4b6c873819b71';
const cbcSecond = '08afa0eaa7de29bac7d903576b674c32';

const gcm = {
  cipher: 'gcm(aes)',
  operation: 1,
  iv: hex('0d18e06c7c725ac9e362e1ce'),
  key: hex('2fb45e5b8f993a2bfebc4b15b533e0b4'),
  assoc: hex('2ae6c6c39c2f3a6f'),
  plaintext: hex('68ab9e1f'),
  tagLength: 16,
};
const gcmLine = '8f246c19bbbb38f662b9ee7e2767bba37f2f0d52';

describe('nodeReferenceResult', () => {
  it('-x 1: one line per loop (docs/reference-cli.md §4)', async () => {
    expect(await answers({ ...cbc, cipherType: 1, loops: 2 })).toEqual([[cbcOne, cbcOne]]);
  });

  it('-x 1 -s: each line continues the CBC chain', async () => {
    expect(await answers({ ...cbc, cipherType: 1, loops: 2, stream: true })).toEqual([[cbcOne, cbcSecond]]);
  });

  it('-x 9 -d 2: the chained or the restarted answer (docs/reference-cli.md §4)', async () => {
    expect(await answers({ ...cbc, cipherType: 9, loops: 2 })).toEqual([[cbcOne + cbcSecond], [cbcOne + cbcOne]]);
  });

  it('-x 1 decrypts back', async () => {
    expect(await answers({ ...cbc, cipherType: 1, operation: 0, plaintext: undefined, ciphertext: hex(cbcOne) })).toEqual([
      ['48981da18e4bb9ef7e2e3162d16b1910'],
    ]);
  });

  it('a driver name is verified as its generic name', async () => {
    const generic = (name: string) => (name === 'cbc-aes-aesni' ? 'cbc(aes)' : name);
    expect(await answers({ ...cbc, cipher: 'cbc-aes-aesni', cipherType: 1 }, generic)).toEqual([[cbcOne]]);
  });

  it('-x 2 GCM (docs/reference-cli.md §4), -u prints the AAD first, -x 10 concatenates', async () => {
    expect(await answers({ ...gcm, cipherType: 2 })).toEqual([[gcmLine]]);
    expect(await answers({ ...gcm, cipherType: 2, printAad: true })).toEqual([['2ae6c6c39c2f3a6f' + gcmLine]]);
    expect(await answers({ ...gcm, cipherType: 10, loops: 2 })).toEqual([[gcmLine + gcmLine]]);
  });

  it('-x 2 GCM decryption: the plaintext, or EBADMSG for a wrong tag', async () => {
    const decrypt = { ...gcm, cipherType: 2, operation: 0, plaintext: undefined, ciphertext: hex(gcmLine.slice(0, 8)) };
    expect(await answers({ ...decrypt, tag: hex(gcmLine.slice(8)) })).toEqual([['68ab9e1f']]);
    expect(await answers({ ...decrypt, tag: hex('00'.repeat(16)) })).toEqual([['EBADMSG']]);
  });

  it('ChaCha20-Poly1305 encrypts and decrypts back', async () => {
    const chacha = {
      cipher: 'rfc7539(chacha20,poly1305)',
      cipherType: 2,
      key: hex('11'.repeat(32)),
      iv: hex('22'.repeat(12)),
      assoc: hex('33'),
      tagLength: 16,
    };
    const [[sealed]] = (await answers({ ...chacha, operation: 1, plaintext: hex('deadbeef') })) as [[string]];
    expect(sealed).toHaveLength((4 + 16) * 2);
    expect(await answers({ ...chacha, operation: 0, ciphertext: hex(sealed.slice(0, 8)), tag: hex(sealed.slice(8)) })).toEqual([
      ['deadbeef'],
    ]);
  });

  it('-x 1 chacha20: RFC 8439 §2.4.2 (the kernel IV is the 32-bit little-endian counter, then the nonce)', async () => {
    const sunscreen = ascii(
      "Ladies and Gentlemen of the class of '99: If I could offer you only one tip for the future, sunscreen would be it.",
    );
    const key = hex('000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f');
    const [[line]] = (await answers({
      cipher: 'chacha20',
      cipherType: 1,
      operation: 1,
      key,
      iv: hex('01000000000000000000004a00000000'),
      plaintext: sunscreen,
    })) as [[string]];
    expect(line).toBe(
      '6e2e359a2568f98041ba0728dd0d6981e97e7aec1d4360c20a27afccfd9fae0bf91b65c5524733ab8f593dabcd62b3571639d624e65152ab8f530c359f0861d8' +
        '07ca0dbf500d6a6156a38e088a22b65e52bc514d16ccf806818ce91ab77937365af90bbf74a35be6b40b8eedf2785e42874d',
    );
  });

  it('-x 2 authenc(hmac(sha1),cbc(aes)): the kernel testmgr vector libkcapi quotes (RFC 3602 case 1)', async () => {
    const iv = hex('3dafba429d9eb430b422da802c9fac41');
    const authenc = {
      cipher: 'authenc(hmac(sha1),cbc(aes))',
      cipherType: 2,
      operation: 1,
      key: hex('0800010000000010000000000000000000000000000000000000000006a9214036b8a15b512e03d534120006'),
      iv,
      assoc: iv,
      plaintext: hex('53696e676c6520626c6f636b206d7367'),
      tagLength: 20,
    };
    expect(await answers(authenc)).toEqual([['e353779c1079aeb82708942dbe77181a1b13cbaf895ee12c13c52ea3cceddcb50371a206']]);
  });

  it('-x 3: SHA-256 of "abc" (FIPS 180-2), -b truncates', async () => {
    const digest = 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad';
    expect(await answers({ cipherType: 3, cipher: 'sha256', plaintext: ascii('abc') })).toEqual([[digest]]);
    expect(await answers({ cipherType: 3, cipher: 'sha256', plaintext: ascii('abc'), outputLength: 4, loops: 2 })).toEqual([
      ['ba7816bf', 'ba7816bf'],
    ]);
  });

  it('-x 3: HMAC-SHA-256 (RFC 4231 test case 1)', async () => {
    expect(await answers({ cipherType: 3, cipher: 'hmac(sha256)', key: hex('0b'.repeat(20)), plaintext: ascii('Hi There') })).toEqual([
      ['b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7'],
    ]);
  });

  it('-x 8: PBKDF2-HMAC-SHA1 (RFC 6070, c = 2)', async () => {
    expect(
      await answers({ cipherType: 8, cipher: 'hmac(sha1)', plaintext: ascii('password'), key: ascii('salt'), loops: 2, outputLength: 20 }),
    ).toEqual([['ea6c014dc72d6f8ccd1ed92ace1d41f0d8de8957']]);
  });

  it('-x 12: HKDF-SHA-256 (RFC 5869 test case 1)', async () => {
    expect(
      await answers({
        cipherType: 12,
        cipher: 'hmac(sha256)',
        key: hex('0b'.repeat(22)),
        iv: hex('000102030405060708090a0b0c'),
        plaintext: hex('f0f1f2f3f4f5f6f7f8f9'),
        outputLength: 42,
      }),
    ).toEqual([['3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865']]);
  });

  it.each([
    [{ cipherType: 5, cipher: 'hmac(sha256)', key: hex('00'), outputLength: 16 }, 'hmac(sha256) as -x 5', undefined],
    [{ cipherType: 3, cipher: 'xxhash64' }, 'xxhash64', /node:crypto has no xxhash64/],
    [{ ...cbc, cipherType: 9, mode: 'inline-iv' as const }, 'cbc(aes) with --mode, --ivs or --handles', undefined],
    [{ ...cbc, cipher: 'cbc(serpent)', cipherType: 1 }, 'cbc(serpent)', /node:crypto has no cbc\(serpent\)/],
    [{ cipherType: 8, cipher: 'cmac(aes)', loops: 1 }, 'cmac(aes)', /hmac\(HASH\) only/],
  ])('not verifiable: %j', async (overrides, what, detail) => {
    const reference = await nodeReferenceResult(options(overrides));
    expect(reference).toMatchObject({ verifiable: false, what });
    if (!reference.verifiable && detail) expect(reference.detail).toMatch(detail);
  });
});
