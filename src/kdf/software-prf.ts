/** PRFs computed by node:crypto: a software reference for the kernel's HMAC and CMAC. */
import { createCipheriv, createHmac, getHashes } from 'node:crypto';
import type { Prf, PrfFamily } from './prf.js';

/** HMAC with a node:crypto hash name ('sha1', 'sha256', 'sha3-256', …). */
export function softwareHmac(hash: string): PrfFamily {
  if (!getHashes().includes(hash)) throw new RangeError(`node:crypto has no hash ${hash}`);
  const digestLength = createHmac(hash, '').digest().length;
  return {
    digestLength,
    withKey(key: Uint8Array): Prf {
      const ownKey = Buffer.from(key);
      return {
        digestLength,
        mac: (data) => createHmac(hash, ownKey).update(data).digest(),
        close: () => ownKey.fill(0),
      };
    },
  };
}

const cmacBlockLength = 16;

/** Doubling in GF(2^128) as RFC 4493 §2.3 derives K1 and K2. */
function doubleBlock(block: Buffer): Buffer {
  const out = Buffer.alloc(cmacBlockLength);
  for (let i = 0; i < cmacBlockLength; i++) {
    out[i] = ((block[i]! << 1) | ((block[i + 1] ?? 0) >> 7)) & 0xff;
  }
  if (block[0]! & 0x80) out[cmacBlockLength - 1]! ^= 0x87;
  return out;
}

function xorInto(target: Buffer, source: Uint8Array, offset = 0): void {
  for (let i = 0; i < target.length; i++) target[i]! ^= source[offset + i] ?? 0;
}

/** AES-CMAC (RFC 4493 / SP 800-38B) for 16-, 24- and 32-byte keys. */
export const softwareAesCmac: PrfFamily = {
  digestLength: cmacBlockLength,
  withKey(key: Uint8Array): Prf {
    const cipherName = `aes-${key.length * 8}-ecb`;
    if (![16, 24, 32].includes(key.length)) throw new RangeError(`AES-CMAC key must be 16, 24 or 32 bytes, got ${key.length}`);
    const ownKey = Buffer.from(key);
    const encryptBlock = (block: Buffer): Buffer => {
      const cipher = createCipheriv(cipherName, ownKey, null).setAutoPadding(false);
      return Buffer.concat([cipher.update(block), cipher.final()]);
    };
    const k1 = doubleBlock(encryptBlock(Buffer.alloc(cmacBlockLength)));
    const k2 = doubleBlock(k1);
    return {
      digestLength: cmacBlockLength,
      mac(data: Uint8Array): Buffer {
        const blocks = Math.max(1, Math.ceil(data.length / cmacBlockLength));
        const lastComplete = data.length > 0 && data.length % cmacBlockLength === 0;
        const last = Buffer.alloc(cmacBlockLength);
        const lastOffset = (blocks - 1) * cmacBlockLength;
        last.set(data.subarray(lastOffset));
        if (!lastComplete) last[data.length - lastOffset] = 0x80;
        xorInto(last, lastComplete ? k1 : k2);
        let state: Buffer = Buffer.alloc(cmacBlockLength);
        for (let b = 0; b < blocks - 1; b++) {
          xorInto(state, data, b * cmacBlockLength);
          state = encryptBlock(state);
        }
        xorInto(state, last);
        return encryptBlock(state);
      },
      close: () => {
        ownKey.fill(0);
        k1.fill(0);
        k2.fill(0);
      },
    };
  },
};
