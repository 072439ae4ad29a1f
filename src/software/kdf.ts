/**
 * Key derivation in software: node:crypto's own PBKDF2 and HKDF (HMAC only), and the PRF
 * families (src/kdf/prf.ts) that let the KDF constructions of src/kdf run over software
 * HMAC or AES-CMAC instead of a kernel handle.
 */
import { hkdfSync, pbkdf2Sync } from 'node:crypto';
import type { Prf, PrfFamily } from '../kdf/prf.js';
import { nodeCipherName, nodeHashName } from './algorithms.js';
import { cmac, hmac } from './digest.js';

/** PBKDF2 (RFC 8018) with HMAC over the node:crypto hash `nodeHash`. */
export function pbkdf2Hmac(nodeHash: string, password: Uint8Array, salt: Uint8Array, iterations: number, length: number): Buffer {
  return pbkdf2Sync(password, salt, iterations, length, nodeHash);
}

/** HKDF (RFC 5869) with HMAC over `nodeHash`; an empty salt means h zero bytes (§2.2). */
export function hkdfHmac(nodeHash: string, inputKey: Uint8Array, salt: Uint8Array, info: Uint8Array, length: number): Buffer {
  return Buffer.from(hkdfSync(nodeHash, inputKey, salt, info, length));
}

/** HMAC with a node:crypto hash name ('sha1', 'sha256', 'sha3-256', …) or a kernel one (rmd160). */
export function softwareHmac(hash: string): PrfFamily {
  const nodeHash = nodeHashName(hash);
  if (nodeHash === undefined) throw new RangeError(`node:crypto has no hash ${hash}`);
  const digestLength = hmac(nodeHash, Buffer.alloc(0), Buffer.alloc(0)).length;
  return {
    digestLength,
    withKey(key: Uint8Array): Prf {
      const ownKey = Buffer.from(key);
      return {
        digestLength,
        mac: (data) => hmac(nodeHash, ownKey, data),
        close: () => ownKey.fill(0),
      };
    },
  };
}

/** AES-CMAC (RFC 4493 / SP 800-38B) for 16-, 24- and 32-byte keys. */
export const softwareAesCmac: PrfFamily = {
  digestLength: 16,
  withKey(key: Uint8Array): Prf {
    const cbc = [16, 24, 32].includes(key.length) ? nodeCipherName('cbc(aes)', key.length) : undefined;
    if (cbc === undefined) throw new RangeError(`AES-CMAC key must be 16, 24 or 32 bytes, got ${key.length}`);
    const ownKey = Buffer.from(key);
    return {
      digestLength: 16,
      mac: (data) => cmac(cbc, ownKey, data),
      close: () => ownKey.fill(0),
    };
  },
};
