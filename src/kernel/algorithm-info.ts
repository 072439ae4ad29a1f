/** What the kernel reports about one algorithm implementation (netlink CRYPTO_MSG_GETALG, /proc/crypto). */
export interface AlgorithmInfo {
  /** Generic name (cra_name), e.g. 'cbc(aes)'. */
  name: string;
  /** Implementation (cra_driver_name), e.g. 'cbc-aes-aesni'. */
  driver: string;
  module: string;
  /** Kernel type of the implementation: 'skcipher', 'aead', 'shash', 'ahash', 'cipher', 'rng', 'larval', ... */
  type: string;
  priority: number;
  refcount: number;
  /** 'passed' once the kernel's self-test passed (CRYPTO_ALG_TESTED), otherwise 'unknown'. */
  selftest: string;
  /** Internal implementations (CRYPTO_ALG_INTERNAL) serve other algorithms and cannot be bound. */
  internal: boolean;
  async: boolean;
  blockSize: number;
  ivSize: number;
  minKeySize: number;
  maxKeySize: number;
  maxAuthSize: number;
  digestSize: number;
  seedSize: number;
  /** skcipher chunk and walk sizes, hash state size: /proc/crypto only (0 when unknown). */
  chunkSize: number;
  walkSize: number;
  stateSize: number;
  geniv: string;
  /** cru_flags from netlink (CRYPTO_ALG_*), when netlink answered. */
  flags?: number;
  /** Where the fields came from. */
  source: 'netlink' | 'proc' | 'netlink+proc';
}

export function emptyAlgorithmInfo(source: AlgorithmInfo['source']): AlgorithmInfo {
  return {
    name: '',
    driver: '',
    module: '',
    type: '',
    priority: 0,
    refcount: 0,
    selftest: 'unknown',
    internal: false,
    async: false,
    blockSize: 0,
    ivSize: 0,
    minKeySize: 0,
    maxKeySize: 0,
    maxAuthSize: 0,
    digestSize: 0,
    seedSize: 0,
    chunkSize: 0,
    walkSize: 0,
    stateSize: 0,
    geniv: '',
    source,
  };
}
