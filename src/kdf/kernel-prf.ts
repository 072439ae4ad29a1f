/**
 * PRFs computed by the kernel: a keyed `hmac(...)`/`cmac(...)` hash transform with one
 * operation socket, one send and one read per PRF block (as libkcapi does). PBKDF2's
 * inner loop runs natively on that socket (native/pbkdf2.cc): crossing into JavaScript per
 * iteration costs more than the two system calls themselves (scripts/bench-pbkdf2.mjs).
 */
import { algorithmInfo, Transform, type Operation } from '../kernel/index.js';
import { native, type NativeOperationSocket } from '../native.js';
import type { Prf, PrfFamily } from './prf.js';
import { KernelFailure } from '../kernel/errors.js';

declare module '../native.js' {
  interface NativeAddon {
    /**
     * U1 = PRF(seed), Uj = PRF(Uj-1) for j ≤ iterations on a keyed hash operation socket;
     * returns U1 ⊕ … ⊕ Uc (digestLength bytes).
     */
    pbkdf2XorChain(operation: NativeOperationSocket, seed: Uint8Array, digestLength: number, iterations: number): Buffer;
  }
}

class KernelPrf implements Prf {
  private operation: Operation | undefined;

  /** `owned`: the transform is this PRF's to close. */
  constructor(
    private readonly transform: Transform,
    readonly digestLength: number,
    private readonly owned: boolean,
  ) {}

  /** The operation socket, accepted on first use (accept fails with ENOKEY for an unkeyed HMAC). */
  private socket(): Operation {
    this.operation ??= this.transform.accept();
    return this.operation;
  }

  mac(data: Uint8Array): Buffer {
    const operation = this.socket();
    operation.send(data, { more: false });
    const digest = operation.read(this.digestLength);
    if (digest.length !== this.digestLength) {
      throw new KernelFailure(`the kernel returned ${digest.length} digest bytes, expected ${this.digestLength}`);
    }
    return digest;
  }

  xorChain(seed: Uint8Array, iterations: number): Buffer {
    return native().pbkdf2XorChain(this.socket().nativeSocket, seed, this.digestLength, iterations);
  }

  close(): void {
    this.operation?.close();
    this.operation = undefined;
    if (this.owned) this.transform.close();
  }
}

/** HASH_MAX_DIGESTSIZE: a read of this many bytes returns the whole digest. */
const maxDigestLength = 64;

/**
 * A PRF over an already bound (and, for HMAC/CMAC, keyed) hash transform the caller owns
 * and closes. Its digest length is measured with one empty message on the operation socket
 * (no metadata query: a netlink dump of every algorithm waits behind template
 * instantiations elsewhere in the kernel). An unkeyed HMAC fails here with ENOKEY.
 */
export function kernelPrf(transform: Transform): Prf {
  const probe = transform.accept();
  try {
    probe.send(new Uint8Array(0), { more: false });
    return new KernelPrf(transform, probe.read(maxDigestLength).length, false);
  } finally {
    probe.close();
  }
}

export interface KernelPrfFamily extends PrfFamily {
  readonly name: string;
}

/**
 * The kernel PRF `name` with keys chosen later. Opening it binds a transform once to learn
 * the digest size (and to fail early for unknown names); every keyed PRF then has a
 * transform of its own, so that keys never change under a PRF in use.
 */
export function kernelPrfFamily(name: string): KernelPrfFamily {
  const probe = Transform.open('hash', name);
  let digestLength: number;
  try {
    digestLength = algorithmInfo(probe).digestSize;
  } finally {
    probe.close();
  }
  return {
    name,
    digestLength,
    withKey(key: Uint8Array): Prf {
      const transform = Transform.open('hash', name);
      try {
        transform.setKey(key);
        return new KernelPrf(transform, digestLength, true);
      } catch (error) {
        transform.close();
        throw error;
      }
    },
  };
}
