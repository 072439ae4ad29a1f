/** Library entry point (package "exports"): the AF_ALG kernel library and the key derivations over it. Importing it has no side effects. */
export * from './kernel/index.js';
export * from './kdf/index.js';
export { kernelPrf, kernelPrfFamily, type KernelPrfFamily } from './kdf/kernel-prf.js';
