/**
 * Which node:crypto (OpenSSL) algorithm computes what a kernel crypto API name computes, and
 * the kernel's rules around it (key layouts, IV sizes). The one place that knows the mapping:
 * everything that checks the kernel against software goes through src/software/.
 */
import { getCiphers, getHashes } from 'node:crypto';
import { composedMode } from './composed-modes.js';

export type Direction = 'encrypt' | 'decrypt';

/** Outcome of one request: its output bytes, or the error code the kernel reports (EBADMSG, EINVAL). */
export type RequestOutcome = { readonly output: Buffer } | { readonly error: string };

/** node:crypto cannot compute this algorithm with these parameters; the message says why. */
export class NoSoftwareReference extends Error {
  override name = 'NoSoftwareReference';
}

/** `cbc(aes)` → ['cbc', 'aes']; `sha256` → undefined. Only one level of template. */
export function templateOf(algorithm: string): [string, string] | undefined {
  const match = /^([a-z0-9_]+)\(([a-z0-9_-]+)\)$/.exec(algorithm);
  return match ? [match[1]!, match[2]!] : undefined;
}

/** The kernel's block cipher modes node:crypto has for AES, and for 3DES. */
const aesSkcipherModes: ReadonlySet<string> = new Set(['cbc', 'ecb', 'ctr', 'ofb', 'cfb', 'xts']);
const aesModes: ReadonlySet<string> = new Set([...aesSkcipherModes, 'gcm', 'ccm']);
const des3Modes: ReadonlySet<string> = new Set(['cbc', 'ecb', 'ofb', 'cfb']);
/** Camellia and SM4 in OpenSSL: the same modes as AES but XTS; SM4 takes 16-byte keys only. */
const otherBlockCipherModes: ReadonlySet<string> = new Set(['cbc', 'ecb', 'ctr', 'ofb', 'cfb']);

/** The AEADs aead.ts computes; authenc(hmac(HASH),cbc(aes)) for any HASH node:crypto has. */
const aeads: ReadonlySet<string> = new Set(['gcm(aes)', 'ccm(aes)', 'rfc4106(gcm(aes))', 'rfc7539(chacha20,poly1305)']);
export const authencPattern = /^authenc\(hmac\(([a-z0-9-]+)\),cbc\(aes\)\)$/;

/** OpenSSL names of kernel hashes where the spelling differs. */
const hashNames: Readonly<Record<string, string>> = { rmd160: 'ripemd160', 'blake2b-512': 'blake2b512' };

let ciphers: ReadonlySet<string> | undefined;
let hashes: ReadonlySet<string> | undefined;

/** Read on first use, never at import (the library entry has no import side effects). */
function nodeCiphers(): ReadonlySet<string> {
  ciphers ??= new Set(getCiphers());
  return ciphers;
}

function nodeHashes(): ReadonlySet<string> {
  hashes ??= new Set(getHashes());
  return hashes;
}

/**
 * The node:crypto cipher for a kernel skcipher or AEAD name (generic, not a driver name) and
 * a key length, or undefined when node:crypto has none. XTS keys are two AES keys, so
 * aes-128-xts takes 32 bytes; 3DES takes only three-key (24-byte) keys. The compositions
 * rfc4106(...) and authenc(...) are in aead.ts: their keys carry more than a cipher key.
 */
export function nodeCipherName(algorithm: string, keyLength: number): string | undefined {
  let name: string | undefined;
  if (algorithm === 'chacha20') name = 'chacha20';
  else if (algorithm === 'rfc7539(chacha20,poly1305)') name = 'chacha20-poly1305';
  else {
    const [mode, cipher] = templateOf(algorithm) ?? [];
    if (mode === undefined) return undefined;
    if (cipher === 'aes' && aesModes.has(mode)) name = `aes-${(mode === 'xts' ? keyLength / 2 : keyLength) * 8}-${mode}`;
    else if (cipher === 'des3_ede' && des3Modes.has(mode) && keyLength === 24) name = `des-ede3-${mode}`;
    else if (cipher === 'camellia' && otherBlockCipherModes.has(mode)) name = `camellia-${keyLength * 8}-${mode}`;
    else if (cipher === 'sm4' && otherBlockCipherModes.has(mode) && keyLength === 16) name = `sm4-${mode}`;
  }
  return name !== undefined && nodeCiphers().has(name) ? name : undefined;
}

/** The node:crypto hash for a kernel hash name (`sha256`, `sha3-512`, `rmd160`), or undefined. */
export function nodeHashName(algorithm: string): string | undefined {
  const name = hashNames[algorithm] ?? algorithm;
  return nodeHashes().has(name) ? name : undefined;
}

/**
 * Which kind of kernel algorithm node:crypto computes for a generic name (for some key
 * lengths: nodeCipherName says which), or undefined. Driver names are not recognised here.
 */
export function softwareKind(algorithm: string): 'skcipher' | 'aead' | undefined {
  if (algorithm === 'chacha20') return 'skcipher';
  if (aeads.has(algorithm)) return 'aead';
  const authenc = authencPattern.exec(algorithm);
  if (authenc) return nodeHashName(authenc[1]!) === undefined ? undefined : 'aead';
  const [mode = '', cipher] = templateOf(algorithm) ?? [];
  if ((cipher === 'aes' && aesSkcipherModes.has(mode)) || (cipher === 'des3_ede' && des3Modes.has(mode))) return 'skcipher';
  if ((cipher === 'camellia' || cipher === 'sm4') && otherBlockCipherModes.has(mode)) return 'skcipher';
  if (composedMode(algorithm) !== undefined) return 'skcipher';
  return undefined;
}

/** Whether a node:crypto cipher takes an IV (ECB takes none). */
export function takesIv(nodeCipher: string): boolean {
  return !nodeCipher.endsWith('-ecb');
}

/**
 * The IV size the kernel gives an algorithm node:crypto models: 0 for ECB, the block size
 * for the other block modes, the 12-byte GCM nonce, CCM's 16-byte counter block, rfc4106's
 * 8 explicit bytes (the salt is in the key). Undefined for names not modelled here.
 */
export function kernelIvLength(algorithm: string): number | undefined {
  if (algorithm === 'chacha20') return 16;
  if (algorithm === 'rfc7539(chacha20,poly1305)') return 12;
  if (algorithm === 'rfc4106(gcm(aes))') return 8;
  if (authencPattern.test(algorithm)) return 16;
  const [mode, cipher] = templateOf(algorithm) ?? [];
  if (mode === 'ecb' && (cipher === 'aes' || cipher === 'des3_ede')) return 0;
  if (cipher === 'aes' && mode === 'gcm') return 12;
  if (cipher === 'aes' && aesModes.has(mode ?? '')) return 16;
  if (cipher === 'des3_ede' && des3Modes.has(mode ?? '')) return 8;
  if ((cipher === 'camellia' || cipher === 'sm4') && otherBlockCipherModes.has(mode ?? '')) return mode === 'ecb' ? 0 : 16;
  return composedMode(algorithm)?.ivSize;
}
