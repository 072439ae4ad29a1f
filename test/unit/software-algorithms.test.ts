/**
 * The software reference's name mapping and key rules (src/software/), with known answers
 * from FIPS 197/180, RFC 4231, RFC 4493, RFC 6070 and RFC 5869.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  cipherChain,
  cipherOnce,
  digestFunction,
  hkdfHmac,
  kernelIvLength,
  NoSoftwareReference,
  nodeCipherName,
  nodeHashName,
  pbkdf2Hmac,
  skcipher,
  softwareAesCmac,
  softwareKind,
} from '../../src/software/index.js';

const hex = (text: string) => Buffer.from(text, 'hex');

describe('kernel names → node:crypto', () => {
  it.each([
    ['cbc(aes)', 16, 'aes-128-cbc'],
    ['cbc(aes)', 24, 'aes-192-cbc'],
    ['ecb(aes)', 32, 'aes-256-ecb'],
    ['ctr(aes)', 16, 'aes-128-ctr'],
    ['cfb(aes)', 16, 'aes-128-cfb'],
    ['ofb(aes)', 32, 'aes-256-ofb'],
    ['gcm(aes)', 16, 'aes-128-gcm'],
    ['ccm(aes)', 24, 'aes-192-ccm'],
    // XTS keys are two AES keys; OpenSSL has no AES-192-XTS.
    ['xts(aes)', 32, 'aes-128-xts'],
    ['xts(aes)', 64, 'aes-256-xts'],
    ['xts(aes)', 48, undefined],
    ['xts(aes)', 16, undefined],
    ['cbc(aes)', 20, undefined],
    // Three-key 3DES only; OpenSSL has no 3DES CTR.
    ['cbc(des3_ede)', 24, 'des-ede3-cbc'],
    ['ecb(des3_ede)', 24, 'des-ede3-ecb'],
    ['cbc(des3_ede)', 16, undefined],
    ['ctr(des3_ede)', 24, undefined],
    ['chacha20', 32, 'chacha20'],
    ['rfc7539(chacha20,poly1305)', 32, 'chacha20-poly1305'],
    ['cbc(serpent)', 16, undefined],
    ['cbc-aes-aesni', 16, undefined],
    ['sha256', 0, undefined],
  ] as const)('%s with a %i-byte key: %s', (algorithm, keyLength, expected) => {
    expect(nodeCipherName(algorithm, keyLength)).toBe(expected);
  });

  it("names hashes in OpenSSL's spelling", () => {
    expect(nodeHashName('sha256')).toBe('sha256');
    expect(nodeHashName('sha3-512')).toBe('sha3-512');
    expect(nodeHashName('rmd160')).toBe('ripemd160');
    expect(nodeHashName('blake2b-512')).toBe('blake2b512');
    expect(nodeHashName('xxhash64')).toBeUndefined();
  });

  it("knows the kernel's IV sizes of what it models", () => {
    expect(['ecb(aes)', 'cbc(aes)', 'ctr(aes)', 'xts(aes)', 'cbc(des3_ede)', 'ecb(des3_ede)', 'chacha20'].map(kernelIvLength)).toEqual([
      0, 16, 16, 16, 8, 0, 16,
    ]);
    expect(
      ['gcm(aes)', 'ccm(aes)', 'rfc4106(gcm(aes))', 'rfc7539(chacha20,poly1305)', 'authenc(hmac(sha256),cbc(aes))'].map(kernelIvLength),
    ).toEqual([12, 16, 8, 12, 16]);
    expect(kernelIvLength('cbc(serpent)')).toBeUndefined();
  });

  it('tells skciphers from AEADs, and neither for the rest', () => {
    expect(['cbc(aes)', 'xts(aes)', 'ofb(des3_ede)', 'chacha20'].map(softwareKind)).toEqual([
      'skcipher',
      'skcipher',
      'skcipher',
      'skcipher',
    ]);
    expect(['gcm(aes)', 'rfc4106(gcm(aes))', 'authenc(hmac(sha512),cbc(aes))'].map(softwareKind)).toEqual(['aead', 'aead', 'aead']);
    expect(['sha256', 'cbc(serpent)', 'gcm-aes-aesni', 'authenc(hmac(nosuch),cbc(aes))'].map(softwareKind)).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
  });
});

describe('skciphers', () => {
  const key = hex('8d7dd9b0170ce0b5f2f8e1aa768e01e91da8bfc67fd486d081b28254c99eb423');
  const iv = hex('7fbc02ebf5b93322329df9bfccb635af');
  const plaintext = hex('48981da18e4bb9ef7e2e3162d16b1910');

  it('cbc(aes) gives the documented known answer (docs/reference-cli.md §4) and inverts', () => {
    const ciphertext = skcipher('cbc(aes)', 'encrypt', key, iv, plaintext);
    expect(ciphertext.toString('hex')).toBe('8b19050f66582cb7f7e4b6c873819b71');
    expect(skcipher('cbc(aes)', 'decrypt', key, iv, ciphertext)).toEqual(plaintext);
  });

  it('ecb(aes) takes no IV: FIPS 197 appendix C.1', () => {
    const fipsKey = hex('000102030405060708090a0b0c0d0e0f');
    expect(skcipher('ecb(aes)', 'encrypt', fipsKey, Buffer.alloc(0), hex('00112233445566778899aabbccddeeff')).toString('hex')).toBe(
      '69c4e0d86a7b0430d8cdb78070b4c55a',
    );
  });

  it('ecb(des3_ede) with three equal keys is single DES (the classic 133457799bbcdff1 example)', () => {
    const desKey = hex('133457799bbcdff1'.repeat(3));
    expect(skcipher('ecb(des3_ede)', 'encrypt', desKey, Buffer.alloc(0), hex('0123456789abcdef')).toString('hex')).toBe('85e813540f0ab405');
  });

  it('a chain continues where the last request left the IV', () => {
    const name = nodeCipherName('cbc(aes)', key.length)!;
    const chain = cipherChain(name, key, iv);
    const second = hex('00112233445566778899aabbccddeeff');
    const whole = cipherOnce(name, 'encrypt', key, iv, Buffer.concat([plaintext, second]));
    expect(Buffer.concat([chain.update(plaintext), chain.update(second)])).toEqual(whole);
  });

  it('refuses instead of guessing: unknown cipher, wrong key length, XTS key with equal halves', () => {
    expect(() => skcipher('cbc(serpent)', 'encrypt', Buffer.alloc(16), iv, plaintext)).toThrow(
      /node:crypto has no cbc\(serpent\) with a 16-byte key/,
    );
    expect(() => skcipher('cbc(aes)', 'encrypt', Buffer.alloc(20), iv, plaintext)).toThrow(NoSoftwareReference);
    expect(() => skcipher('xts(aes)', 'encrypt', Buffer.alloc(32, 1), iv, Buffer.alloc(16))).toThrow(/two halves are equal/);
  });
});

describe('digests and MACs', () => {
  it('hashes, HMACs (RFC 4231 test case 2) and CMACs (RFC 4493) by kernel name', () => {
    expect(digestFunction('sha256', null)(Buffer.from('abc')).toString('hex')).toBe(
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    );
    expect(digestFunction('hmac(sha256)', Buffer.from('Jefe'))(Buffer.from('what do ya want for nothing?')).toString('hex')).toBe(
      '5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843',
    );
    const cmac = digestFunction('cmac(aes)', hex('2b7e151628aed2a6abf7158809cf4f3c'));
    expect(cmac(Buffer.alloc(0)).toString('hex')).toBe('bb1d6929e95937287fa37d129b756746');
    expect(cmac(hex('6bc1bee22e409f96e93d7e117393172a')).toString('hex')).toBe('070a16b46b4d4144f79bdd9dd04a287c');
  });

  it('says what node:crypto lacks', () => {
    expect(() => digestFunction('xxhash64', null)).toThrow('node:crypto has no xxhash64');
    expect(() => digestFunction('sha256', Buffer.from('k'))).toThrow('node:crypto has no keyed sha256');
    expect(() => digestFunction('hmac(xxhash64)', Buffer.from('k'))).toThrow('node:crypto has no xxhash64');
    expect(() => digestFunction('cmac(aes)', Buffer.alloc(20))).toThrow('node:crypto has no cbc(aes) with a 20-byte key');
  });
});

describe('key derivation', () => {
  it('PBKDF2 (RFC 6070, c = 1) and HKDF (RFC 5869 test case 1)', () => {
    expect(pbkdf2Hmac('sha1', Buffer.from('password'), Buffer.from('salt'), 1, 20).toString('hex')).toBe(
      '0c60c80f961f0e71f3a9b524af6012062fe037a6',
    );
    expect(
      hkdfHmac('sha256', Buffer.alloc(22, 0x0b), hex('000102030405060708090a0b0c'), hex('f0f1f2f3f4f5f6f7f8f9'), 42).toString('hex'),
    ).toBe('3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865');
  });

  it('AES-CMAC as a PRF takes AES keys only', () => {
    expect(softwareAesCmac.withKey(hex('2b7e151628aed2a6abf7158809cf4f3c')).mac(Buffer.alloc(0)).toString('hex')).toBe(
      'bb1d6929e95937287fa37d129b756746',
    );
    expect(() => softwareAesCmac.withKey(Buffer.alloc(20))).toThrow(RangeError);
  });
});

describe('one software reference', () => {
  const src = fileURLToPath(new URL('../../src/', import.meta.url));
  const files = (directory: string): string[] =>
    readdirSync(directory, { withFileTypes: true }).flatMap((entry) =>
      entry.isDirectory() ? files(join(directory, entry.name)) : entry.name.endsWith('.ts') ? [join(directory, entry.name)] : [],
    );
  /** What computes a cipher, MAC or KDF result (createHash for cache keys is not a reference). */
  const referenceApi = /\b(createCipheriv|createDecipheriv|createHmac|getCiphers|getHashes|pbkdf2Sync|hkdfSync)\b/;

  it("only src/software/ calls node:crypto's ciphers, MACs and KDFs", () => {
    const users = files(src).filter((file) => {
      const imports = readFileSync(file, 'utf8').match(/import\s*\{[^}]*\}\s*from\s*'node:crypto'/g) ?? [];
      return imports.some((line) => referenceApi.test(line));
    });
    const outside = users.map((file) => relative(src, file)).filter((path) => !path.startsWith('software/'));
    expect(outside).toEqual([]);
    expect(users.length).toBeGreaterThan(3);
  });
});
