import { createCipheriv, type CipherCCMTypes, type CipherGCMTypes } from 'node:crypto';
import { randomBytes } from '../helpers/seeded-random.js';

import { beforeAll, describe, expect, it } from 'vitest';

import { Aead, ccmIvFromNonce, KernelError, Transform } from '../../src/kernel/index.js';
import { hex, requireAfAlg, vectorCases } from '../helpers/kernel.js';

beforeAll(requireAfAlg);

describe('NIST known answers through Aead', () => {
  const files = [
    // The GCM files are 3 MB each: one key size per direction keeps the guest run short.
    ['ciphers/AES/GCM', /^gcmEncryptExtIV256\.rsp$/, 'AES-256-GCM encryption'],
    ['ciphers/AES/GCM', /^gcmDecrypt128\.rsp$/, 'AES-128-GCM decryption, with rejected tags'],
    ['ciphers/AES/CCM', /^(VADT|VNT|VPT|VTT)\d+\.rsp$/, 'AES-CCM encryption (VADT, VNT, VPT, VTT)'],
    ['ciphers/AES/CCM', /^DVPT\d+\.rsp$/, 'AES-CCM decryption, with rejected tags'],
  ] as const;
  for (const [directory, pattern, label] of files) {
    it(
      label,
      async () => {
        // gcm(aes) takes 96-bit IVs through AF_ALG; the files also hold other IV lengths.
        const cases = await vectorCases(
          directory,
          pattern,
          'aead',
          30,
          (vector) => vector.algorithm !== 'gcm(aes)' || vector.iv.length === 12,
        );
        expect(cases.length).toBeGreaterThan(20);
        let rejected = 0;
        for (const vector of cases) {
          const aead = Aead.open(vector.algorithm, vector.key, vector.tagLength);
          try {
            if (vector.direction === 'encrypt') {
              const sealed = aead.encrypt({ iv: vector.iv, assoc: vector.aad, plaintext: vector.plaintext! });
              expect(hex(sealed), vector.id).toBe(hex(Buffer.concat([vector.ciphertext, vector.tag])));
            } else if (vector.expectAuthFailure) {
              rejected++;
              expect(
                () => aead.decrypt({ iv: vector.iv, assoc: vector.aad, ciphertext: vector.ciphertext, tag: vector.tag }),
                vector.id,
              ).toThrow(expect.objectContaining({ code: 'EBADMSG', errno: -74, syscall: 'read' }));
            } else {
              const opened = aead.decrypt({ iv: vector.iv, assoc: vector.aad, ciphertext: vector.ciphertext, tag: vector.tag });
              expect(hex(opened), vector.id).toBe(hex(vector.plaintext!));
            }
          } finally {
            aead.close();
          }
        }
        if (label.includes('rejected')) expect(rejected).toBeGreaterThan(0);
      },
      900_000,
    );
  }
});

function nodeSeal(kind: 'gcm' | 'ccm', key: Buffer, nonce: Buffer, aad: Buffer, plaintext: Buffer, tagLength: number): Buffer {
  const name = `aes-${key.length * 8}-${kind}`;
  const cipher =
    kind === 'gcm'
      ? createCipheriv(name as CipherGCMTypes, key, nonce, { authTagLength: tagLength })
      : createCipheriv(name as CipherCCMTypes, key, nonce, { authTagLength: tagLength });
  cipher.setAAD(aad, { plaintextLength: plaintext.length });
  // OpenSSL's CCM needs an update call even for an empty message, and skips one given a NULL
  // pointer (which an empty randomBytes() result has): use a pooled empty buffer then.
  const body = cipher.update(plaintext.length > 0 ? plaintext : Buffer.alloc(0));
  return Buffer.concat([body, cipher.final(), cipher.getAuthTag()]);
}

const LENGTHS = [0, 1, 15, 16, 65536 + 1, 1 << 20];

describe('differential against node:crypto over random keys, nonces and lengths', () => {
  for (const kind of ['gcm', 'ccm'] as const) {
    for (const keyLength of [16, 24, 32]) {
      it(`${kind}(aes) with ${keyLength}-byte keys`, () => {
        const key = randomBytes(keyLength);
        const tagLength = kind === 'gcm' ? 16 : 12;
        const aead = Aead.open(`${kind}(aes)`, key, tagLength);
        try {
          for (const length of LENGTHS) {
            const nonce = randomBytes(kind === 'gcm' ? 12 : 11);
            const iv = kind === 'gcm' ? nonce : ccmIvFromNonce(nonce);
            const aad = randomBytes(length % 64);
            const plaintext = randomBytes(length);
            const context = `${kind} key ${hex(key)} nonce ${hex(nonce)} length ${length}`;
            const sealed = nodeSeal(kind, key, nonce, aad, plaintext, tagLength);
            let encrypted: Buffer;
            try {
              encrypted = aead.encrypt({ iv, assoc: aad, plaintext });
            } catch (error) {
              // An AEAD request must fit one kernel request (net.core.optmem_max bounds it: 768 KiB on 6.1).
              expect(error, context).toBeInstanceOf(RangeError);
              expect(length, context).toBe(1 << 20);
              continue;
            }
            expect(encrypted.equals(sealed), context).toBe(true);
            const opened = aead.decrypt({ iv, assoc: aad, ciphertext: sealed.subarray(0, length), tag: sealed.subarray(length) });
            expect(opened.equals(plaintext), context).toBe(true);
          }
        } finally {
          aead.close();
        }
      });
    }
  }

  it('a flipped tag, ciphertext or AAD bit fails with EBADMSG, and the socket stays usable', async () => {
    const key = randomBytes(16);
    const nonce = randomBytes(12);
    const aad = randomBytes(20);
    const plaintext = randomBytes(100);
    const sealed = nodeSeal('gcm', key, nonce, aad, plaintext, 16);
    const aead = Aead.open('gcm(aes)', key, 16);
    try {
      for (const flip of [0, 50, 115]) {
        const damaged = Buffer.from(sealed);
        damaged[flip]! ^= 1;
        expect(() => aead.decrypt({ iv: nonce, assoc: aad, ciphertext: damaged.subarray(0, 100), tag: damaged.subarray(100) })).toThrow(
          expect.objectContaining({ code: 'EBADMSG' }),
        );
      }
      const badAad = Buffer.from(aad);
      badAad[3]! ^= 0x80;
      await expect(
        aead.decryptAsync({ iv: nonce, assoc: badAad, ciphertext: sealed.subarray(0, 100), tag: sealed.subarray(100) }),
      ).rejects.toThrow(KernelError);
      await expect(
        aead.decryptAsync({ iv: nonce, assoc: badAad, ciphertext: sealed.subarray(0, 100), tag: sealed.subarray(100) }),
      ).rejects.toMatchObject({
        code: 'EBADMSG',
        message: 'read EBADMSG',
      });
      const opened = await aead.decryptAsync({ iv: nonce, assoc: aad, ciphertext: sealed.subarray(0, 100), tag: sealed.subarray(100) });
      expect(opened.equals(plaintext)).toBe(true);
      expect((await aead.encryptAsync({ iv: nonce, assoc: aad, plaintext })).equals(sealed)).toBe(true);
    } finally {
      aead.close();
    }
  });

  // A zero-length read returns without running the request, so an empty result needs a bigger one.
  it('with no AAD and no plaintext the tag is still checked, sync and async', async () => {
    const key = randomBytes(16);
    const nonce = randomBytes(12);
    const tag = nodeSeal('gcm', key, nonce, Buffer.alloc(0), Buffer.alloc(0), 16);
    const forged = Buffer.from(tag);
    forged[5]! ^= 0x10;
    const aead = Aead.open('gcm(aes)', key, 16);
    try {
      expect(aead.decrypt({ iv: nonce, ciphertext: Buffer.alloc(0), tag }).length).toBe(0);
      expect(() => aead.decrypt({ iv: nonce, ciphertext: Buffer.alloc(0), tag: forged })).toThrow(
        expect.objectContaining({ code: 'EBADMSG' }),
      );
      await expect(aead.decryptAsync({ iv: nonce, ciphertext: Buffer.alloc(0), tag: forged })).rejects.toMatchObject({ code: 'EBADMSG' });
    } finally {
      aead.close();
    }
  });

  it('rfc4106(gcm(aes)): the salt ends the key, the IV carries the explicit nonce, the AAD includes it', () => {
    const key = randomBytes(16);
    const salt = randomBytes(4);
    const explicitIv = randomBytes(8);
    const assoc = Buffer.concat([randomBytes(8), explicitIv]); // ESP: SPI‖sequence, then the IV
    const plaintext = randomBytes(64);
    const sealed = nodeSeal('gcm', key, Buffer.concat([salt, explicitIv]), assoc.subarray(0, 8), plaintext, 16);
    const aead = Aead.open('rfc4106(gcm(aes))', Buffer.concat([key, salt]), 16);
    try {
      expect(aead.encrypt({ iv: explicitIv, assoc, plaintext }).equals(sealed)).toBe(true);
    } finally {
      aead.close();
    }
  });
});

describe('AEAD errors', () => {
  it('EINVAL for a tag length the algorithm does not allow', () => {
    expect(() => Aead.open('gcm(aes)', randomBytes(16), 5)).toThrow(expect.objectContaining({ code: 'EINVAL', syscall: 'setsockopt' }));
    expect(() => Aead.open('ccm(aes)', randomBytes(16), 7)).toThrow(expect.objectContaining({ code: 'EINVAL', syscall: 'setsockopt' }));
  });

  it('ENOKEY for a request before the key is set', () => {
    const transform = Transform.open('aead', 'gcm(aes)');
    try {
      transform.setAuthSize(16);
      const operation = transform.accept();
      expect(() => operation.send(new Uint8Array(32), { op: 'encrypt', iv: new Uint8Array(12), assocLen: 0 })).toThrow(
        expect.objectContaining({ code: 'ENOKEY', syscall: 'sendmsg' }),
      );
    } finally {
      transform.close();
    }
  });

  it('the library refuses a tag of another length than the cipher was opened with', () => {
    const aead = Aead.open('gcm(aes)', randomBytes(16), 16);
    try {
      expect(() => aead.decrypt({ iv: randomBytes(12), ciphertext: randomBytes(4), tag: randomBytes(12) })).toThrow(RangeError);
    } finally {
      aead.close();
    }
  });
});
