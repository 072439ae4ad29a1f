/**
 * The software reference: node:crypto (OpenSSL) computing what kernel crypto API names
 * compute, with the kernel's key layouts, IV forms and request chaining. `kcapi vectors
 * --software`, `--verify`, `--check`, the fuzzers, `kcapi bench` and `kcapi info` all check
 * the kernel against it; nothing else in src/ calls node:crypto's ciphers, MACs or KDFs.
 */
export {
  NoSoftwareReference,
  kernelIvLength,
  nodeCipherName,
  nodeHashName,
  softwareKind,
  templateOf,
  type Direction,
  type RequestOutcome,
} from './algorithms.js';
export { cipherChain, cipherOnce, resolveSkcipher, skcipher, type CipherChain } from './skcipher.js';
export { aeadRequest, authencKey, openAead, sealAead, splitAuthencKey, type AeadParameters } from './aead.js';
export { cmac, digestFunction, hash, hmac, type DigestFunction } from './digest.js';
export { hkdfHmac, pbkdf2Hmac, softwareAesCmac, softwareHmac } from './kdf.js';
export {
  advanceCounter,
  algorithmModel,
  chainedOutcomes,
  independentOutcomes,
  modelRequest,
  outputIv,
  type AeadMode,
  type AlgorithmModel,
  type RequestSetModel,
  type SkcipherMode,
} from './request-model.js';
