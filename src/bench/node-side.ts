/** The in-process side of the comparison: the same requests through node:crypto (OpenSSL). */
import { randomBytes } from 'node:crypto';
import { cipherChain, cipherOnce } from '../software/index.js';
import type { BenchMode } from './options.js';
import type { CipherWork, Workload } from './workload.js';

/**
 * The in-process counterpart of `mode` for the node:crypto cipher `cipherName`: one-shot and
 * inline-iv requests start from their own IV (a fresh cipher context each); stream, chained
 * and fan-out requests continue a chain (fan-out: one chain per socket, served in turn, since
 * node:crypto runs on this one thread).
 */
export function nodeWorkload(cipherName: string, mode: BenchMode, work: CipherWork): Workload {
  const input = randomBytes(work.size);
  if (mode.kind === 'oneshot' || mode.kind === 'inline-iv') {
    return {
      round: () => {
        cipherOnce(cipherName, 'encrypt', work.key, work.iv, input);
        return { requests: 1 };
      },
      close: () => {},
    };
  }
  const chains = Array.from({ length: mode.handles }, () => cipherChain(cipherName, work.key, work.iv));
  let next = 0;
  return {
    round: () => {
      chains[next]!.update(input);
      next = (next + 1) % chains.length;
      return { requests: 1 };
    },
    close: () => {},
  };
}
