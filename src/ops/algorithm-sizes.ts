import { algorithmInfo } from '../kernel/algorithms.js';
import { decodeCryptoReport } from '../kernel/netlink-report.js';
import type { Transform } from '../kernel/transform.js';
import { native } from '../native.js';

export interface AlgorithmSizes {
  readonly ivSize: number;
  readonly blockSize: number;
}

/**
 * IV and block size of the algorithm a transform is bound to. Asks netlink about that one
 * name, then that driver name, as libkcapi does: one small query per run instead of listing
 * every algorithm (which costs a /proc/crypto read). Falls back to the full list when
 * crypto_user is missing.
 */
export function boundAlgorithmSizes(transform: Transform): AlgorithmSizes {
  for (const query of [{ name: transform.name }, { driver: transform.name }]) {
    try {
      const [report] = native().cryptoGetAlg(query);
      if (report !== undefined) {
        const info = decodeCryptoReport(report);
        return { ivSize: info.ivSize, blockSize: info.blockSize };
      }
    } catch {
      // Not known under that key, or no crypto_user: try the next way.
    }
  }
  const info = algorithmInfo(transform);
  return { ivSize: info.ivSize, blockSize: info.blockSize };
}
