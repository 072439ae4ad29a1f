/**
 * AEADs in software, in the layout of AF_ALG's aead sockets: encrypt AAD‖PT → AAD‖CT‖TAG,
 * decrypt AAD‖CT‖TAG → AAD‖PT, or EBADMSG when the tag does not verify.
 */
import { createCipheriv, createDecipheriv, createHmac, type CipherCCMTypes } from 'node:crypto';
import { authencPattern, NoSoftwareReference, nodeCipherName, nodeHashName, type Direction, type RequestOutcome } from './algorithms.js';
import { cipherOnce, resolveSkcipher } from './skcipher.js';

/**
 * node:crypto types its AEAD calls per mode; CCM's (setAAD with the plaintext length) is what
 * all of gcm, ccm and chacha20-poly1305 accept, so every AEAD is called that way.
 */
type AeadCipher = CipherCCMTypes;

/** CT ‖ TAG of an AEAD node:crypto has under its standard nonce (GCM: any length; CCM: 7 to 13 bytes). */
export function sealAead(
  nodeCipher: string,
  key: Uint8Array,
  nonce: Uint8Array,
  aad: Uint8Array,
  plaintext: Uint8Array,
  tagLength: number,
): Buffer {
  const cipher = createCipheriv(nodeCipher as AeadCipher, key, nonce, { authTagLength: tagLength });
  cipher.setAAD(aad, { plaintextLength: plaintext.length });
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([body, cipher.getAuthTag()]);
}

/** The plaintext, or undefined when the tag does not verify. */
export function openAead(
  nodeCipher: string,
  key: Uint8Array,
  nonce: Uint8Array,
  aad: Uint8Array,
  ciphertext: Uint8Array,
  tag: Uint8Array,
): Buffer | undefined {
  const decipher = createDecipheriv(nodeCipher as AeadCipher, key, nonce, { authTagLength: tag.length });
  // CCM needs the tag before the data; GCM and ChaCha20-Poly1305 take it in any order.
  decipher.setAuthTag(tag);
  decipher.setAAD(aad, { plaintextLength: ciphertext.length });
  try {
    return Buffer.concat([decipher.update(ciphertext), decipher.final()]);
  } catch {
    return undefined;
  }
}

function requireCipher(algorithm: string, key: Uint8Array): string {
  const name = nodeCipherName(algorithm, key.length);
  if (name === undefined) throw new NoSoftwareReference(`node:crypto has no ${algorithm} with a ${key.length}-byte key`);
  return name;
}

/** The kernel's AEAD parameters besides the IV: the key, the tag length, the AAD at the start of every input. */
export interface AeadParameters {
  readonly key: Uint8Array;
  readonly tagLength: number;
  readonly assocLength: number;
}

/** How an AEAD turns the kernel's key, IV and AAD into node:crypto's cipher, key, nonce and AAD. */
interface StandardForm {
  readonly cipher: string;
  readonly key: Uint8Array;
  readonly nonce: Uint8Array;
  readonly aad: Uint8Array;
}

/**
 * gcm(aes) and rfc7539: the IV is the nonce. ccm(aes): the IV is the first counter block,
 * byte 0 = L − 1 then the 15 − L nonce bytes (EINVAL otherwise). rfc4106(gcm(aes)): the key
 * ends with a 4-byte salt, the nonce is salt ‖ the 8-byte IV, and the last 8 bytes of the AAD
 * (the IV's copy, RFC 4106 §5) are not authenticated.
 */
function standardForm(algorithm: string, key: Uint8Array, iv: Uint8Array, assoc: Uint8Array): StandardForm | 'EINVAL' {
  if (algorithm === 'rfc4106(gcm(aes))') {
    const aesKey = key.subarray(0, Math.max(0, key.length - 4));
    return {
      cipher: requireCipher('gcm(aes)', aesKey),
      key: aesKey,
      nonce: Buffer.concat([key.subarray(aesKey.length), iv]),
      aad: assoc.subarray(0, Math.max(0, assoc.length - 8)),
    };
  }
  if (algorithm === 'ccm(aes)') {
    const cipher = requireCipher(algorithm, key);
    const lengthFieldSize = (iv[0] ?? 0) + 1;
    if (iv.length !== 16 || lengthFieldSize < 2 || lengthFieldSize > 8) return 'EINVAL';
    return { cipher, key, nonce: iv.subarray(1, 16 - lengthFieldSize), aad: assoc };
  }
  if (algorithm === 'gcm(aes)' || algorithm === 'rfc7539(chacha20,poly1305)') {
    return { cipher: requireCipher(algorithm, key), key, nonce: iv, aad: assoc };
  }
  throw new NoSoftwareReference(`node:crypto has no such AEAD as ${algorithm}`);
}

/**
 * One AEAD request in software for gcm(aes), ccm(aes), rfc4106(gcm(aes)),
 * rfc7539(chacha20,poly1305) and authenc(hmac(HASH),cbc(aes)). Throws NoSoftwareReference
 * for others and for keys node:crypto has no cipher for.
 */
export function aeadRequest(
  algorithm: string,
  direction: Direction,
  parameters: AeadParameters,
  iv: Uint8Array,
  input: Uint8Array,
): RequestOutcome {
  const { key, tagLength, assocLength } = parameters;
  const assoc = input.subarray(0, assocLength);
  const body = input.subarray(assocLength);
  if (direction === 'decrypt' && body.length < tagLength) return { error: 'EINVAL' };
  const authenc = authencPattern.exec(algorithm);
  if (authenc) return authencRequest(authenc[1]!, direction, parameters, iv, assoc, body);
  const form = standardForm(algorithm, key, iv, assoc);
  if (form === 'EINVAL') return { error: 'EINVAL' };
  if (direction === 'encrypt') {
    return { output: Buffer.concat([assoc, sealAead(form.cipher, form.key, form.nonce, form.aad, body, tagLength)]) };
  }
  const split = body.length - tagLength;
  const plaintext = openAead(form.cipher, form.key, form.nonce, form.aad, body.subarray(0, split), body.subarray(split));
  return plaintext === undefined ? { error: 'EBADMSG' } : { output: Buffer.concat([assoc, plaintext]) };
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

/** Encrypt-then-MAC as the kernel's authenc: tag = HMAC(AAD ‖ CT), truncated to the tag length. */
function authencRequest(
  hash: string,
  direction: Direction,
  parameters: AeadParameters,
  iv: Uint8Array,
  assoc: Uint8Array,
  body: Uint8Array,
): RequestOutcome {
  const parts = splitAuthencKey(parameters.key);
  if (parts === undefined) return { error: 'EINVAL' };
  const nodeHash = nodeHashName(hash);
  if (nodeHash === undefined) throw new NoSoftwareReference(`node:crypto has no ${hash}`);
  const cipher = resolveSkcipher('cbc(aes)', parts.encryptionKey);
  const tagOf = (ciphertext: Uint8Array): Buffer => {
    const mac = createHmac(nodeHash, parts.authKey).update(assoc).update(ciphertext).digest();
    if (parameters.tagLength > mac.length) throw new NoSoftwareReference(`hmac(${hash}) gives no ${parameters.tagLength}-byte tag`);
    return mac.subarray(0, parameters.tagLength);
  };
  if (direction === 'encrypt') {
    const ciphertext = cipherOnce(cipher, 'encrypt', parts.encryptionKey, iv, body);
    return { output: Buffer.concat([assoc, ciphertext, tagOf(ciphertext)]) };
  }
  const split = body.length - parameters.tagLength;
  const ciphertext = body.subarray(0, split);
  if (!tagOf(ciphertext).equals(body.subarray(split))) return { error: 'EBADMSG' };
  return { output: Buffer.concat([assoc, cipherOnce(cipher, 'decrypt', parts.encryptionKey, iv, ciphertext)]) };
}
