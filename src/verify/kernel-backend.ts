/**
 * The kernel (AF_ALG, through src/kernel) as a backend for known-answer tests. One
 * transform per algorithm for the whole run; an operation socket per key, re-accepted
 * only when the key or tag length changes (the kernel refuses setsockopt on a transform
 * with keyed operation sockets, EBUSY). An algorithm the kernel lacks (ENOENT) skips its
 * vectors with that reason; so does an IV length the kernel's interface cannot take.
 */
import { UnsupportedError } from '../errors.js';
import { afAlgStatus, algorithmInfo, Transform, type AlgorithmInfo, type Operation } from '../kernel/index.js';
import {
  authFailure,
  SkipCase,
  type AeadRequest,
  type AuthFailure,
  type CipherRequest,
  type CryptoBackend,
  type Digester,
} from './backend.js';
import type { DriverAware } from './runner.js';
import { KernelFailure } from '../kernel/errors.js';

type SocketType = 'skcipher' | 'aead' | 'hash';

interface Bound {
  readonly transform: Transform;
  readonly info: AlgorithmInfo;
  key: Buffer | null;
  authSize: number | null;
  operation: Operation | null;
}

function codeOf(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

export class KernelBackend implements CryptoBackend, DriverAware {
  readonly name = 'kernel';
  private readonly bound = new Map<string, Bound | SkipCase>();

  private constructor() {}

  /** Fails with UnsupportedError (exit 3) when the kernel has no AF_ALG at all. */
  static open(): KernelBackend {
    const status = afAlgStatus();
    if (!status.available) throw new UnsupportedError(`AF_ALG is not available: ${status.reason}`);
    return new KernelBackend();
  }

  driverOf(algorithm: string): string | null {
    for (const type of ['skcipher', 'aead', 'hash'] as const) {
      const entry = this.bound.get(`${type}:${algorithm}`);
      if (entry && !(entry instanceof SkipCase)) return entry.info.driver ?? null;
    }
    return null;
  }

  skcipher(request: CipherRequest): Buffer {
    const entry = this.bind('skcipher', request.algorithm);
    this.checkIvSize(entry, request.algorithm, request.iv);
    const operation = this.operationFor(entry, request.key, null);
    return this.transact(entry, () => {
      operation.send(request.input, { op: request.encrypt ? 'encrypt' : 'decrypt', iv: request.iv, more: false });
      return readAll(operation, request.input.length);
    });
  }

  aead(request: AeadRequest): Buffer | AuthFailure {
    const entry = this.bind('aead', request.algorithm);
    this.checkIvSize(entry, request.algorithm, request.iv);
    const operation = this.operationFor(entry, request.key, request.tagLength);
    const outputLength =
      request.aad.length + (request.encrypt ? request.input.length + request.tagLength : request.input.length - request.tagLength);
    try {
      return this.transact(entry, () => {
        operation.send(Buffer.concat([request.aad, request.input]), {
          op: request.encrypt ? 'encrypt' : 'decrypt',
          iv: request.iv,
          assocLen: request.aad.length,
          more: false,
        });
        return readAll(operation, outputLength).subarray(request.aad.length);
      });
    } catch (error) {
      if (!request.encrypt && codeOf(error) === 'EBADMSG') return authFailure;
      throw error;
    }
  }

  digester(algorithm: string, key: Buffer | null): Digester {
    const entry = this.bind('hash', algorithm);
    const operation = this.operationFor(entry, key, null);
    const size = entry.info.digestSize;
    return {
      digest: (message) =>
        this.transact(entry, () => {
          operation.send(message, { more: false });
          return readAll(operation, size);
        }),
      close: () => {},
    };
  }

  close(): void {
    for (const entry of this.bound.values()) {
      if (!(entry instanceof SkipCase)) entry.transform.close();
    }
    this.bound.clear();
  }

  private bind(type: SocketType, algorithm: string): Bound {
    const id = `${type}:${algorithm}`;
    let entry = this.bound.get(id);
    if (!entry) {
      try {
        const transform = Transform.open(type, algorithm);
        entry = { transform, info: algorithmInfo(transform), key: null, authSize: null, operation: null };
      } catch (error) {
        const code = codeOf(error);
        if (code !== 'ENOENT') throw error;
        entry = new SkipCase(`the kernel has no ${type} ${algorithm} (bind ENOENT)`);
      }
      this.bound.set(id, entry);
    }
    if (entry instanceof SkipCase) throw entry;
    return entry;
  }

  private checkIvSize(entry: Bound, algorithm: string, iv: Buffer): void {
    if (iv.length !== entry.info.ivSize) {
      throw new SkipCase(`${algorithm} takes ${entry.info.ivSize}-byte IVs through AF_ALG; this vector's IV has ${iv.length} bytes`);
    }
  }

  /** The operation socket with this key and tag length, setting them when they change. */
  private operationFor(entry: Bound, key: Buffer | null, authSize: number | null): Operation {
    const keyChanged = key !== null && (entry.key === null || !entry.key.equals(key));
    const authChanged = authSize !== null && authSize !== entry.authSize;
    if (entry.operation && !keyChanged && !authChanged) return entry.operation;
    this.dropOperation(entry);
    if (keyChanged) {
      entry.key = null;
      entry.transform.setKey(key);
      entry.key = Buffer.from(key);
    }
    if (authChanged) {
      entry.authSize = null;
      entry.transform.setAuthSize(authSize);
      entry.authSize = authSize;
    }
    entry.operation = entry.transform.accept();
    return entry.operation;
  }

  /** After a failed request the socket's state is unknown: the next request gets a new one. */
  private transact<T>(entry: Bound, body: () => T): T {
    try {
      return body();
    } catch (error) {
      this.dropOperation(entry);
      throw error;
    }
  }

  private dropOperation(entry: Bound): void {
    entry.operation?.close();
    entry.operation = null;
  }
}

/**
 * Reads until `length` bytes arrived (a read may return less). The buffer has at least one
 * byte: the kernel runs a request only for a read with room for output (aead_recvmsg loops
 * while msg_data_left), so a zero-length read of an AEAD decryption with no AAD and no
 * plaintext would return 0 without checking the tag and leave the request queued (the next
 * sendmsg then fails with EINVAL).
 */
function readAll(operation: Operation, length: number): Buffer {
  const first = operation.read(Math.max(1, length));
  if (first.length > length) throw new KernelFailure(`the kernel returned ${first.length} bytes, expected ${length}`);
  if (first.length === length || first.length === 0) return Buffer.from(first.buffer, first.byteOffset, first.length);
  const parts = [Buffer.from(first)];
  let filled = first.length;
  while (filled < length) {
    const piece = operation.read(length - filled);
    if (piece.length === 0) break;
    parts.push(Buffer.from(piece));
    filled += piece.length;
  }
  return Buffer.concat(parts);
}
