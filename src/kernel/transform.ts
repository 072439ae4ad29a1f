import { native, type NativeTransformSocket } from '../native.js';
import { Operation } from './operation.js';
import { requireBytes, requireInteger, requireName } from './validate.js';

/** AF_ALG socket types of mainline kernels (akcipher and kpp exist only with out-of-tree patches). */
export type AlgorithmType = 'skcipher' | 'aead' | 'hash' | 'rng' | 'akcipher' | 'kpp';

export interface OpenOptions {
  /** salg_feat and salg_mask of the bind address (e.g. to exclude CRYPTO_ALG_INTERNAL). */
  feat?: number;
  mask?: number;
}

/**
 * A transform: an AF_ALG socket bound to one algorithm. Holds the key and the AEAD tag length;
 * requests run on operation sockets accepted from it. Closing it closes those operation sockets.
 */
export class Transform implements Disposable {
  readonly type: AlgorithmType;
  readonly name: string;
  readonly #socket: NativeTransformSocket;

  private constructor(socket: NativeTransformSocket, type: AlgorithmType, name: string) {
    this.#socket = socket;
    this.type = type;
    this.name = name;
  }

  /** socket(AF_ALG) + bind(type, name). Throws a KernelError (ENOENT for an unknown algorithm). */
  static open(type: AlgorithmType, name: string, options: OpenOptions = {}): Transform {
    requireName(type, 'type', 13);
    requireName(name, 'name', 4095);
    if (options.feat !== undefined) requireInteger(options.feat, 'feat', 0, 0xffff_ffff);
    if (options.mask !== undefined) requireInteger(options.mask, 'mask', 0, 0xffff_ffff);
    const socket = new (native().TransformSocket)();
    try {
      socket.bind(type, name, options.feat, options.mask);
    } catch (error) {
      socket.close();
      throw error;
    }
    return new Transform(socket, type, name);
  }

  get fd(): number {
    return this.#socket.fd;
  }

  get closed(): boolean {
    return this.#socket.closed;
  }

  /** ALG_SET_KEY. The key goes from this memory to the kernel without a copy. */
  setKey(key: Uint8Array): void {
    requireBytes(key, 'key');
    this.#socket.setKey(key);
  }

  /** ALG_SET_AEAD_AUTHSIZE: the AEAD tag length in bytes. */
  setAuthSize(tagLength: number): void {
    requireInteger(tagLength, 'tagLength', 0, 0xffff_ffff);
    this.#socket.setAuthSize(tagLength);
  }

  /** A new operation socket with its own IV and request state. */
  accept(): Operation {
    return new Operation(this.#socket.accept(), this);
  }

  /** Closes this transform and all its operation sockets. Idempotent. */
  close(): void {
    this.#socket.close();
  }

  [Symbol.dispose](): void {
    this.close();
  }
}
