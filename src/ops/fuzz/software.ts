/**
 * node:crypto counterparts of kernel algorithms, for the fuzzers' differential checks.
 * Each returns undefined for parameters node:crypto cannot take (the check is then skipped),
 * never a guess.
 */
import { createCipheriv, createHmac, getCiphers, getHashes, type CipherCCMTypes, type CipherGCMTypes } from 'node:crypto';

export interface SkcipherReference {
  encrypt(key: Uint8Array, iv: Uint8Array, data: Uint8Array): Buffer | undefined;
}

export interface AeadReference {
  /** CT ‖ TAG for the kernel's AAD ‖ PT input. */
  encrypt(key: Uint8Array, iv: Uint8Array, aad: Uint8Array, plaintext: Uint8Array, tagLength: number): Buffer | undefined;
}

const available = new Set(getCiphers());

function withoutPadding(cipher: string, key: Uint8Array, iv: Uint8Array | null, data: Uint8Array): Buffer | undefined {
  if (!available.has(cipher)) return undefined;
  try {
    const engine = createCipheriv(cipher, key, iv).setAutoPadding(false);
    return Buffer.concat([engine.update(data), engine.final()]);
  } catch {
    return undefined;
  }
}

const aesModes: Record<string, { suffix: string; iv: boolean; keyBits: (length: number) => number }> = {
  cbc: { suffix: 'cbc', iv: true, keyBits: (length) => length * 8 },
  ecb: { suffix: 'ecb', iv: false, keyBits: (length) => length * 8 },
  ctr: { suffix: 'ctr', iv: true, keyBits: (length) => length * 8 },
  // XTS keys are two AES keys: aes-128-xts takes 32 bytes.
  xts: { suffix: 'xts', iv: true, keyBits: (length) => length * 4 },
};

/** The generic kernel name of `name`, lowercased, or the name itself. */
export function skcipherReference(name: string): SkcipherReference | undefined {
  const aes = /^(cbc|ecb|ctr|xts)\(aes\)$/.exec(name);
  if (aes) {
    const mode = aesModes[aes[1]!]!;
    return {
      encrypt: (key, iv, data) =>
        withoutPadding(`aes-${mode.keyBits(key.length)}-${mode.suffix}`, key, mode.iv ? iv : null, data),
    };
  }
  if (name === 'cbc(des3_ede)') return { encrypt: (key, iv, data) => withoutPadding('des-ede3-cbc', key, iv, data) };
  // The kernel's chacha20 IV is counter (32-bit little endian) ‖ nonce, as OpenSSL's.
  if (name === 'chacha20') return { encrypt: (key, iv, data) => withoutPadding('chacha20', key, iv, data) };
  return undefined;
}

function gcm(key: Uint8Array, iv: Uint8Array, aad: Uint8Array, plaintext: Uint8Array, tagLength: number): Buffer | undefined {
  const cipher = `aes-${key.length * 8}-gcm` as CipherGCMTypes;
  if (!available.has(cipher)) return undefined;
  try {
    const engine = createCipheriv(cipher, key, iv, { authTagLength: tagLength });
    engine.setAAD(aad);
    const ciphertext = Buffer.concat([engine.update(plaintext), engine.final()]);
    return Buffer.concat([ciphertext, engine.getAuthTag()]);
  } catch {
    return undefined;
  }
}

/** The kernel's CCM IV is the counter block: byte 0 = L − 1, then the nonce of 15 − L bytes. */
function ccm(key: Uint8Array, iv: Uint8Array, aad: Uint8Array, plaintext: Uint8Array, tagLength: number): Buffer | undefined {
  const cipher = `aes-${key.length * 8}-ccm` as CipherCCMTypes;
  const lengthSize = (iv[0] ?? 0) + 1;
  if (!available.has(cipher) || iv.length !== 16 || lengthSize < 2 || lengthSize > 8) return undefined;
  try {
    const nonce = iv.subarray(1, 16 - lengthSize);
    const engine = createCipheriv(cipher, key, nonce, { authTagLength: tagLength });
    engine.setAAD(aad, { plaintextLength: plaintext.length });
    const ciphertext = Buffer.concat([engine.update(plaintext), engine.final()]);
    return Buffer.concat([ciphertext, engine.getAuthTag()]);
  } catch {
    return undefined;
  }
}

function chacha20Poly1305(key: Uint8Array, iv: Uint8Array, aad: Uint8Array, plaintext: Uint8Array, tagLength: number): Buffer | undefined {
  if (!available.has('chacha20-poly1305') || tagLength !== 16) return undefined;
  try {
    const engine = createCipheriv('chacha20-poly1305', key, iv, { authTagLength: 16 });
    engine.setAAD(aad, { plaintextLength: plaintext.length });
    const ciphertext = Buffer.concat([engine.update(plaintext), engine.final()]);
    return Buffer.concat([ciphertext, engine.getAuthTag()]);
  } catch {
    return undefined;
  }
}

/**
 * authenc(hmac(H),cbc(aes)) keys in the kernel's format: an rtattr (length 8, type
 * CRYPTO_AUTHENC_KEYA_PARAM = 1, host byte order) holding the encryption key length as a
 * big-endian 32-bit number, then the authentication key, then the encryption key.
 */
export function authencKey(authKey: Uint8Array, encryptionKey: Uint8Array): Buffer {
  const header = Buffer.alloc(8);
  const little = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
  if (little) {
    header.writeUInt16LE(8, 0);
    header.writeUInt16LE(1, 2);
  } else {
    header.writeUInt16BE(8, 0);
    header.writeUInt16BE(1, 2);
  }
  header.writeUInt32BE(encryptionKey.length, 4);
  return Buffer.concat([header, authKey, encryptionKey]);
}

export function splitAuthencKey(key: Uint8Array): { authKey: Buffer; encryptionKey: Buffer } | undefined {
  if (key.length < 8) return undefined;
  const encryptionLength = Buffer.from(key.buffer, key.byteOffset, key.byteLength).readUInt32BE(4);
  if (encryptionLength > key.length - 8) return undefined;
  const body = Buffer.from(key.subarray(8));
  return { authKey: body.subarray(0, body.length - encryptionLength), encryptionKey: body.subarray(body.length - encryptionLength) };
}

/** Encrypt-then-MAC as the kernel's authenc: tag = HMAC(AAD ‖ CT) truncated. */
function authencHmacCbcAes(hash: string) {
  return (key: Uint8Array, iv: Uint8Array, aad: Uint8Array, plaintext: Uint8Array, tagLength: number): Buffer | undefined => {
    const parts = splitAuthencKey(key);
    if (!parts || !getHashes().includes(hash)) return undefined;
    const ciphertext = withoutPadding(`aes-${parts.encryptionKey.length * 8}-cbc`, parts.encryptionKey, iv, plaintext);
    if (!ciphertext) return undefined;
    const tag = createHmac(hash, parts.authKey).update(aad).update(ciphertext).digest();
    if (tagLength > tag.length) return undefined;
    return Buffer.concat([ciphertext, tag.subarray(0, tagLength)]);
  };
}

export function aeadReference(name: string): AeadReference | undefined {
  if (name === 'gcm(aes)') return { encrypt: gcm };
  if (name === 'ccm(aes)') return { encrypt: ccm };
  if (name === 'rfc7539(chacha20,poly1305)') return { encrypt: chacha20Poly1305 };
  const authenc = /^authenc\(hmac\((sha1|sha224|sha256|sha384|sha512)\),cbc\(aes\)\)$/.exec(name);
  if (authenc) return { encrypt: authencHmacCbcAes(authenc[1]!) };
  return undefined;
}
