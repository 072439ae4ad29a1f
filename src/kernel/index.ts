/** The typed library over the AF_ALG addon: kernel objects, metadata, errors and convenience ciphers. */
export { Transform, type AlgorithmType, type OpenOptions } from './transform.js';
export { Operation, type ReadOptions, type SendOptions, type SocketBuffers } from './operation.js';
export { InvalidArgumentError, KernelError, KernelFailure, isKernelError } from './errors.js';
export { systemError } from './system-error.js';
export { afAlgAvailable, afAlgStatus, type AfAlgStatus } from './availability.js';
export type { AlgorithmInfo } from './algorithm-info.js';
export { algorithmInfo, listAlgorithms, mergeAlgorithmLists, selectAlgorithm, type ListOptions } from './algorithms.js';
export { parseProcCrypto } from './proc-crypto.js';
export { CryptoAlgFlag, decodeCryptoReport } from './netlink-report.js';
export { ensureRequestCapacity, requestCapacity } from './request-capacity.js';
export { Skcipher, SkcipherStream } from './skcipher.js';
export { chainsAcrossRequests, UnsplittableInputError } from './request-splitting.js';
export { Aead, ccmIvFromNonce, type AeadDecryptInput, type AeadEncryptInput } from './aead.js';
export { Hash } from './hash.js';
export { Rng } from './rng.js';
export { alignedBuffer, alignedCopy, pageSize } from './memory.js';
