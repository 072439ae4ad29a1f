/** Library entry point (package "exports"): the AF_ALG kernel library. Importing it has no side effects. */
export * from './kernel/index.js';
