/**
 * node:crypto (OpenSSL) as a software reference for kernel algorithm names. It validates
 * the vector files and parser independently of any kernel, and gives `--verify` its
 * second opinion.
 */
import { createCipheriv, createDecipheriv, createHash, createHmac, getCiphers, getHashes } from 'node:crypto';
import {
  authFailure,
  SkipCase,
  type AeadRequest,
  type AuthFailure,
  type CipherRequest,
  type CryptoBackend,
  type Digester,
} from './backend.js';
import { cmac } from './cmac.js';

const modeNames: Record<string, string> = { cbc: 'cbc', ecb: 'ecb', ctr: 'ctr', ofb: 'ofb', cfb: 'cfb', xts: 'xts' };

/** OpenSSL names of the kernel's hashes (the same spelling unless listed). */
const hashNames: Record<string, string> = { rmd160: 'ripemd160' };

/** `cbc(aes)` → ['cbc', 'aes']; `sha256` → null. */
function templateOf(algorithm: string): [string, string] | null {
  const match = algorithm.match(/^([a-z0-9]+)\(([a-z0-9_-]+)\)$/);
  return match ? [match[1]!, match[2]!] : null;
}

/** The OpenSSL cipher for a kernel skcipher/AEAD name and key length, or null. */
export function nodeCipherName(algorithm: string, keyLength: number): string | null {
  const parts = templateOf(algorithm);
  if (!parts) return null;
  const [mode, cipher] = parts;
  let name: string | null = null;
  if (cipher === 'aes') {
    const bits = (mode === 'xts' ? keyLength / 2 : keyLength) * 8;
    if (mode === 'gcm' || mode === 'ccm') name = `aes-${bits}-${mode}`;
    else if (modeNames[mode]) name = `aes-${bits}-${modeNames[mode]}`;
  } else if (cipher === 'des3_ede' && keyLength === 24 && modeNames[mode] && mode !== 'xts' && mode !== 'ctr') {
    name = `des-ede3-${modeNames[mode]}`;
  }
  return name && getCiphers().includes(name) ? name : null;
}

export function nodeHashName(algorithm: string): string | null {
  const name = hashNames[algorithm] ?? algorithm;
  return getHashes().includes(name) ? name : null;
}

function requireCipher(algorithm: string, keyLength: number): string {
  const name = nodeCipherName(algorithm, keyLength);
  if (!name) throw new SkipCase(`node:crypto has no ${algorithm} with a ${keyLength}-byte key`);
  return name;
}

export class NodeReference implements CryptoBackend {
  readonly name = 'node:crypto';

  skcipher(request: CipherRequest): Buffer {
    const name = requireCipher(request.algorithm, request.key.length);
    const iv = request.iv.length > 0 ? request.iv : null;
    const cipher = request.encrypt ? createCipheriv(name, request.key, iv) : createDecipheriv(name, request.key, iv);
    cipher.setAutoPadding(false);
    return Buffer.concat([cipher.update(request.input), cipher.final()]);
  }

  aead(request: AeadRequest): Buffer | AuthFailure {
    const name = requireCipher(request.algorithm, request.key.length);
    const options = { authTagLength: request.tagLength };
    if (request.encrypt) {
      const cipher = createCipheriv(name as 'aes-128-gcm', request.key, request.nonce, options);
      cipher.setAAD(request.aad, { plaintextLength: request.input.length });
      const body = Buffer.concat([cipher.update(request.input), cipher.final()]);
      return Buffer.concat([body, cipher.getAuthTag()]);
    }
    const split = request.input.length - request.tagLength;
    const decipher = createDecipheriv(name as 'aes-128-gcm', request.key, request.nonce, options);
    decipher.setAuthTag(request.input.subarray(split));
    decipher.setAAD(request.aad, { plaintextLength: split });
    try {
      return Buffer.concat([decipher.update(request.input.subarray(0, split)), decipher.final()]);
    } catch {
      return authFailure;
    }
  }

  digester(algorithm: string, key: Buffer | null): Digester {
    const parts = templateOf(algorithm);
    if (parts && parts[0] === 'cmac' && key) {
      const cipher = requireCipher(`cbc(${parts[1]})`, key.length);
      return { digest: (message) => cmac(cipher, key, message), close: () => {} };
    }
    if (parts && parts[0] === 'hmac' && key) {
      const hash = nodeHashName(parts[1]);
      if (!hash) throw new SkipCase(`node:crypto has no ${parts[1]}`);
      return { digest: (message) => createHmac(hash, key).update(message).digest(), close: () => {} };
    }
    const hash = key === null ? nodeHashName(algorithm) : null;
    if (!hash) throw new SkipCase(`node:crypto has no ${key === null ? '' : 'keyed '}${algorithm}`);
    return { digest: (message) => createHash(hash).update(message).digest(), close: () => {} };
  }
}
