import { readFileSync } from 'node:fs';

import { native } from '../native.js';
import type { AlgorithmInfo } from './algorithm-info.js';
import { KernelError } from './errors.js';
import { decodeCryptoReport } from './netlink-report.js';
import { parseProcCrypto } from './proc-crypto.js';
import type { AlgorithmType, Transform } from './transform.js';

/** Kernel implementation types an AF_ALG socket type can bind. */
const BINDABLE_TYPES: Record<AlgorithmType, readonly string[]> = {
  skcipher: ['skcipher', 'lskcipher', 'blkcipher', 'ablkcipher', 'givcipher'],
  aead: ['aead', 'nivaead'],
  hash: ['shash', 'ahash', 'digest'],
  rng: ['rng'],
  akcipher: ['akcipher'],
  kpp: ['kpp'],
};

export interface ListOptions {
  /** Where to read /proc/crypto (tests); default '/proc/crypto'. */
  procPath?: string;
}

/**
 * Every implementation the kernel has registered. Netlink (crypto_user) is the primary source;
 * /proc/crypto fills what netlink lacks (chunk, walk and state sizes) and stands in when
 * crypto_user is missing. Templates (gcm(aes), ...) appear only once instantiated, e.g. by a bind.
 */
export function listAlgorithms(options: ListOptions = {}): AlgorithmInfo[] {
  let fromNetlink: AlgorithmInfo[] | undefined;
  let netlinkError: unknown;
  try {
    fromNetlink = native().cryptoGetAlg().map(decodeCryptoReport);
  } catch (error) {
    if (!(error instanceof KernelError)) throw error;
    netlinkError = error;
  }
  let fromProc: AlgorithmInfo[] | undefined;
  try {
    fromProc = parseProcCrypto(readFileSync(options.procPath ?? '/proc/crypto', 'latin1'));
  } catch (error) {
    if (fromNetlink === undefined) throw netlinkError ?? error;
  }
  return mergeAlgorithmLists(fromNetlink, fromProc);
}

/** Netlink entries completed with the /proc/crypto fields of the same driver; either list may be missing. */
export function mergeAlgorithmLists(
  fromNetlink: readonly AlgorithmInfo[] | undefined,
  fromProc: readonly AlgorithmInfo[] | undefined,
): AlgorithmInfo[] {
  if (fromNetlink === undefined) return [...(fromProc ?? [])];
  if (fromProc === undefined) return [...fromNetlink];
  const procByDriver = new Map<string, AlgorithmInfo>();
  for (const entry of fromProc) if (!procByDriver.has(entry.driver)) procByDriver.set(entry.driver, entry);
  return fromNetlink.map((entry) => {
    const proc = procByDriver.get(entry.driver);
    if (proc === undefined) return entry;
    return {
      ...entry,
      chunkSize: proc.chunkSize,
      walkSize: proc.walkSize,
      stateSize: proc.stateSize,
      source: 'netlink+proc',
    };
  });
}

/**
 * The implementation the kernel would bind for `name` (as crypto_alg_lookup chooses it): an exact
 * driver-name match, otherwise the highest-priority tested, non-internal implementation of that
 * generic name (the first one on a tie; untested ones only when no tested one exists). `type` limits the choice to what that socket type binds.
 */
export function selectAlgorithm(algorithms: readonly AlgorithmInfo[], name: string, type?: AlgorithmType): AlgorithmInfo | undefined {
  const bindable = type === undefined ? undefined : BINDABLE_TYPES[type];
  let best: AlgorithmInfo | undefined;
  let bestUntested: AlgorithmInfo | undefined;
  for (const entry of algorithms) {
    if (entry.type === 'larval' || entry.internal) continue;
    if (bindable !== undefined && !bindable.includes(entry.type)) continue;
    if (entry.driver === name) return entry;
    if (entry.name !== name) continue;
    if (entry.selftest === 'passed') {
      if (best === undefined || entry.priority > best.priority) best = entry;
    } else if (bestUntested === undefined || entry.priority > bestUntested.priority) {
      bestUntested = entry;
    }
  }
  return best ?? bestUntested;
}

/**
 * Metadata of an algorithm by name or driver name, or of the implementation a Transform is bound
 * to. Throws a KernelError ENOENT when the kernel has no such (instantiated) algorithm.
 */
export function algorithmInfo(target: string | Transform, options: { type?: AlgorithmType } = {}): AlgorithmInfo {
  const name = typeof target === 'string' ? target : target.name;
  const type = typeof target === 'string' ? options.type : target.type;
  const found = selectAlgorithm(listAlgorithms(), name, type);
  if (found === undefined) throw new KernelError('CRYPTO_MSG_GETALG', 'ENOENT', -2);
  return found;
}
