/** The in-process side of the comparison: the same requests through node:crypto (OpenSSL). */
import { createCipheriv, randomBytes, type Cipher } from 'node:crypto';
import type { BenchMode } from './options.js';
import type { CipherWork, Workload } from './workload.js';

/** One request with its own IV: a fresh cipher context, update, final. */
export function nodeEncryptOnce(cipherName: string, key: Uint8Array, iv: Uint8Array, input: Uint8Array): Buffer {
  const cipher = createCipheriv(cipherName, key, iv.length > 0 ? iv : null);
  cipher.setAutoPadding(false);
  return Buffer.concat([cipher.update(input), cipher.final()]);
}

/** A cipher context whose IV carries on from request to request (as the kernel's stream does). */
export function nodeChain(cipherName: string, key: Uint8Array, iv: Uint8Array): Cipher {
  const cipher = createCipheriv(cipherName, key, iv.length > 0 ? iv : null);
  cipher.setAutoPadding(false);
  return cipher;
}

/**
 * The in-process counterpart of `mode`: one-shot and inline-iv requests start from their own
 * IV; stream, chained and fan-out requests continue a chain (fan-out: one chain per socket,
 * served in turn, since node:crypto runs on this one thread).
 */
export function nodeWorkload(cipherName: string, mode: BenchMode, work: CipherWork): Workload {
  const input = randomBytes(work.size);
  if (mode.kind === 'oneshot' || mode.kind === 'inline-iv') {
    return {
      round: () => {
        nodeEncryptOnce(cipherName, work.key, work.iv, input);
        return { requests: 1 };
      },
      close: () => {},
    };
  }
  const chains = Array.from({ length: mode.handles }, () => nodeChain(cipherName, work.key, work.iv));
  let next = 0;
  return {
    round: () => {
      chains[next]!.update(input);
      next = (next + 1) % chains.length;
      return { requests: 1 };
    },
    close: () => {
      for (const chain of chains) chain.final();
    },
  };
}
