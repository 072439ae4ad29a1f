/** Which AF_ALG socket types bind on this kernel, tried with algorithms each type should have. */
import { existsSync } from 'node:fs';
import { Transform, type AlgorithmType } from '../kernel/index.js';

export const socketTypeCandidates: Record<AlgorithmType, readonly string[]> = {
  skcipher: ['cbc(aes)', 'ecb(aes)', 'ctr(aes)'],
  aead: ['gcm(aes)', 'ccm(aes)', 'rfc4106(gcm(aes))'],
  hash: ['sha256', 'sha1', 'hmac(sha256)'],
  rng: ['stdrng', 'drbg_nopr_hmac_sha256', 'jitterentropy_rng'],
  akcipher: ['rsa'],
  kpp: ['dh', 'ecdh-nist-p256'],
};

export interface SocketTypeReport {
  readonly available: boolean;
  /** The first candidate that bound. */
  readonly algorithm: string | null;
  /** Candidates that failed before it, with the error ("bind ENOENT"). */
  readonly failures: ReadonlyArray<{ readonly algorithm: string; readonly error: string }>;
  /** Whether the kernel has the type's module loaded (/sys/module/algif_TYPE) after trying. */
  readonly moduleLoaded: boolean;
}

export function probeSocketType(type: AlgorithmType, candidates = socketTypeCandidates[type]): SocketTypeReport {
  const failures: Array<{ algorithm: string; error: string }> = [];
  for (const algorithm of candidates) {
    try {
      Transform.open(type, algorithm).close();
      return { available: true, algorithm, failures, moduleLoaded: moduleLoaded(type) };
    } catch (error) {
      failures.push({ algorithm, error: error instanceof Error ? error.message : String(error) });
    }
  }
  return { available: false, algorithm: null, failures, moduleLoaded: moduleLoaded(type) };
}

export function probeSocketTypes(): Record<AlgorithmType, SocketTypeReport> {
  const types = Object.keys(socketTypeCandidates) as AlgorithmType[];
  return Object.fromEntries(types.map((type) => [type, probeSocketType(type)])) as Record<AlgorithmType, SocketTypeReport>;
}

function moduleLoaded(type: AlgorithmType): boolean {
  return existsSync(`/sys/module/algif_${type}`);
}
