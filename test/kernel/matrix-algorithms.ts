/**
 * The algorithms of the matrix tests: every skcipher and AEAD the guest's /proc/crypto lists
 * (after binding the generic names of issue 10, so that their templates are instantiated),
 * with key and IV sizes from the kernel's metadata, and seeded inputs (KCAPI_MATRIX_SEED
 * replays a run; the seed is printed).
 */
import { createCipheriv, createHash, randomInt } from 'node:crypto';
import { readFileSync } from 'node:fs';

import { algorithmInfo, parseProcCrypto, Transform } from '../../src/kernel/index.js';
import { authencKey as softwareAuthencKey, kernelIvLength, softwareKind } from '../../src/software/index.js';

const seed = process.env.KCAPI_MATRIX_SEED ?? String(randomInt(2 ** 31));
console.log(`matrix seed ${seed} (replay: KCAPI_MATRIX_SEED=${seed})`);

/** Deterministic bytes for a seed and a label (AES-CTR keystream keyed by both). */
export function seededBytes(length: number, label: string): Buffer {
  const key = createHash('sha256').update(`${seed}\0${label}`).digest().subarray(0, 16);
  return createCipheriv('aes-128-ctr', key, Buffer.alloc(16)).update(Buffer.alloc(length));
}

export interface MatrixCipher {
  readonly name: string;
  readonly keyLength: number;
  readonly ivLength: number;
  readonly hasNodeReference: boolean;
  /** Also tried one block above the largest request, to see the refusal or the pieces. */
  readonly probeAboveLimit: boolean;
}

const GENERIC_SKCIPHERS = [
  'cbc(aes)',
  'ecb(aes)',
  'ctr(aes)',
  'xts(aes)',
  'cts(cbc(aes))',
  'ofb(aes)',
  'cfb(aes)',
  'lrw(aes)',
  'pcbc(aes)',
  'xctr(aes)',
  'rfc3686(ctr(aes))',
  'cbc(des3_ede)',
  'ecb(des3_ede)',
  'ctr(des3_ede)',
  'cbc(sm4)',
  'ctr(sm4)',
  'ecb(sm4)',
  'chacha20',
  'xchacha20',
  'xchacha12',
  'cbc(camellia)',
  'ctr(serpent)',
  'xts(twofish)',
];
const GENERIC_AEADS = [
  'gcm(aes)',
  'ccm(aes)',
  'rfc4106(gcm(aes))',
  'rfc4309(ccm(aes))',
  'rfc7539(chacha20,poly1305)',
  'rfc7539esp(chacha20,poly1305)',
  'authenc(hmac(sha256),cbc(aes))',
];
const PROBED_ABOVE_LIMIT = new Set(['cbc(aes)', 'ctr(aes)', 'xts(aes)', 'chacha20']);

function bindable(type: 'skcipher' | 'aead', name: string): boolean {
  try {
    Transform.open(type, name).close();
    return true;
  } catch {
    return false;
  }
}

/** Generic names of /proc/crypto entries of a type, internal ones (`__`) and larvals left out. */
function procNames(type: 'skcipher' | 'aead'): string[] {
  const entries = parseProcCrypto(readFileSync('/proc/crypto', 'utf8'));
  return [
    ...new Set(
      entries.filter((entry) => entry.type === type && !entry.internal && !entry.name.startsWith('__')).map((entry) => entry.name),
    ),
  ];
}

/** The generic names that bind, and whatever else /proc/crypto lists of the type (newer kernels list some templates under other types). */
function offered(type: 'skcipher' | 'aead', generic: readonly string[]): string[] {
  const bound = generic.filter((name) => bindable(type, name));
  return [...new Set([...bound, ...procNames(type).filter((name) => bindable(type, name))])].sort();
}

export function matrixSkciphers(): MatrixCipher[] {
  return offered('skcipher', GENERIC_SKCIPHERS).flatMap((name) => {
    const info = algorithmInfo(name, { type: 'skcipher' });
    if (info.maxKeySize === 0) return [];
    return [
      {
        name,
        keyLength: info.maxKeySize,
        ivLength: info.ivSize,
        hasNodeReference: softwareKind(name) === 'skcipher' && kernelIvLength(name) === info.ivSize,
        probeAboveLimit: PROBED_ABOVE_LIMIT.has(name),
      },
    ];
  });
}

export interface MatrixAead {
  readonly name: string;
  readonly tagLength: number;
  readonly assocLength: number;
  key(): Buffer;
  iv(size: number): Buffer;
}

/** Key layouts the kernel's AEAD templates take (the salt or nonce part included). */
function aeadKey(name: string): Buffer | undefined {
  const bytes = (length: number) => seededBytes(length, `${name} key`);
  if (name.startsWith('authenc(')) return softwareAuthencKey(bytes(32), bytes(48).subarray(32));
  if (name.startsWith('rfc4106(')) return bytes(20);
  if (name.startsWith('rfc4309(')) return bytes(19);
  if (name.startsWith('rfc7539esp(')) return bytes(36);
  if (name.startsWith('rfc7539(')) return bytes(32);
  if (/^(gcm|ccm)\(aes\)$/.test(name)) return bytes(16);
  return undefined;
}

export function matrixAeads(): MatrixAead[] {
  return offered('aead', GENERIC_AEADS).flatMap((name) => {
    const key = aeadKey(name);
    if (key === undefined) return [];
    const info = algorithmInfo(name, { type: 'aead' });
    const rfc4106 = name.startsWith('rfc4106(') || name.startsWith('rfc4309(') || name.startsWith('rfc7539esp(');
    return [
      {
        name,
        tagLength: name.startsWith('ccm(') || name.startsWith('rfc4309(') ? 16 : info.maxAuthSize || 16,
        // rfc4106/rfc4309/esp: the AAD ends with the 8-byte IV copy
        assocLength: rfc4106 ? 16 : 13,
        key: () => key,
        iv: (size: number) => {
          const iv = seededBytes(info.ivSize, `${name} iv ${size}`);
          if (name === 'ccm(aes)') iv[0] = 3; // L' = 3: a 4-byte length field, an 11-byte nonce
          return iv;
        },
      },
    ];
  });
}
