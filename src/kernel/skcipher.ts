import type { Operation } from './operation.js';
import { ensureRequestCapacity } from './request-capacity.js';
import { requireSplittable, UnsplittableInputError } from './request-splitting.js';
import { readFully, runOneRequest, runOnNewOperation, runPlan, SerialOperation, sendFully, type Plan } from './request-plan.js';
import { Transform, type OpenOptions } from './transform.js';
import { requireBytes, requireOptionalBytes } from './validate.js';
import { InvalidArgumentError } from './errors.js';

type Direction = 'encrypt' | 'decrypt';

/** Above the request capacity, input goes in pieces of this many bytes (a multiple of every block size). */
const PIECE = 64 * 1024;

/**
 * A symmetric cipher (AF_ALG skcipher) with its key set: one-shot encrypt/decrypt, and streams
 * that leave the IV in the kernel between calls.
 */
export class Skcipher implements Disposable {
  readonly transform: Transform;
  #operation: Operation | undefined;
  #capacity = 0;

  private constructor(transform: Transform) {
    this.transform = transform;
  }

  /** Binds `name` (e.g. 'cbc(aes)' or a driver name) and sets the key. */
  static open(name: string, key: Uint8Array, options?: OpenOptions): Skcipher {
    requireBytes(key, 'key');
    const transform = Transform.open('skcipher', name, options);
    try {
      transform.setKey(key);
    } catch (error) {
      transform.close();
      throw error;
    }
    return new Skcipher(transform);
  }

  get name(): string {
    return this.transform.name;
  }

  /**
   * One request with a fresh IV. Input larger than the socket can take in one request (about
   * 200 KiB by default; more where SO_SNDBUF/SO_RCVBUF can grow) is sent in 64 KiB pieces,
   * each continuing the kernel's IV, for the modes where that gives the same result (cbc, ecb,
   * ctr, ofb, cfb); for the others (xts, cts, chacha20, ...) it throws UnsplittableInputError.
   */
  encrypt(data: Uint8Array, iv?: Uint8Array): Buffer {
    return this.#crypt('encrypt', data, iv);
  }

  decrypt(data: Uint8Array, iv?: Uint8Array): Buffer {
    return this.#crypt('decrypt', data, iv);
  }

  #crypt(direction: Direction, data: Uint8Array, iv: Uint8Array | undefined): Buffer {
    const operation = this.#oneShotOperation();
    if (this.#capacity > 0 && data.length > 0 && data.length <= this.#capacity) {
      checkArguments(data, iv);
      return runOneRequest(operation, data, { op: direction, iv, more: false });
    }
    return runPlan(operation, this.#plan(direction, data, iv));
  }

  /** encrypt() on the thread pool, on an operation socket of its own: concurrent calls run in parallel. */
  encryptAsync(data: Uint8Array, iv?: Uint8Array): Promise<Buffer> {
    checkArguments(data, iv);
    return runOnNewOperation(this.transform, (operation) => this.#checkedPlan(operation, data, { op: 'encrypt', iv }));
  }

  decryptAsync(data: Uint8Array, iv?: Uint8Array): Promise<Buffer> {
    checkArguments(data, iv);
    return runOnNewOperation(this.transform, (operation) => this.#checkedPlan(operation, data, { op: 'decrypt', iv }));
  }

  /** A stream on an operation socket of its own: the IV is sent once, the kernel carries it on. */
  stream(direction: Direction, iv?: Uint8Array): SkcipherStream {
    requireOptionalBytes(iv, 'iv');
    return new SkcipherStream(this.transform.accept(), direction, iv, this.#chains());
  }

  /** Closes the transform and every operation socket of this cipher and its streams. */
  close(): void {
    this.transform.close();
  }

  [Symbol.dispose](): void {
    this.close();
  }

  #oneShotOperation(): Operation {
    this.#operation ??= this.transform.accept();
    return this.#operation;
  }

  #plan(direction: Direction, data: Uint8Array, iv: Uint8Array | undefined): Plan<Buffer> {
    checkArguments(data, iv);
    const operation = this.#oneShotOperation();
    this.#capacity = ensureRequestCapacity(operation, data.length, this.#capacity || undefined);
    requireSplittable(this.transform, data.length, this.#capacity);
    return cryptPlan(data, { op: direction, iv }, this.#capacity);
  }

  #checkedPlan(operation: Operation, data: Uint8Array, start: { op: Direction; iv?: Uint8Array }): Plan<Buffer> {
    const capacity = ensureRequestCapacity(operation, data.length);
    requireSplittable(this.transform, data.length, capacity);
    return cryptPlan(data, start, capacity);
  }

  #chains(): boolean {
    try {
      requireSplittable(this.transform, 1, 0);
      return true;
    } catch (error) {
      if (error instanceof UnsplittableInputError) return false;
      throw error;
    }
  }
}

function checkArguments(data: Uint8Array, iv: Uint8Array | undefined): void {
  requireBytes(data, 'data');
  requireOptionalBytes(iv, 'iv');
}

function* cryptPlan(data: Uint8Array, start: { op: Direction; iv?: Uint8Array }, capacity: number): Plan<Buffer> {
  const output = Buffer.allocUnsafe(data.length);
  if (data.length === 0) return output;
  const piece = data.length <= capacity ? data.length : PIECE;
  for (let offset = 0; offset < data.length; offset += piece) {
    const end = Math.min(offset + piece, data.length);
    const more = end < data.length;
    yield* sendFully(data.subarray(offset, end), offset === 0 ? { ...start, more } : { more });
    yield* readFully(output.subarray(offset, end));
  }
  return output;
}

/**
 * Consecutive requests on one operation socket: the first carries the operation and IV, later
 * ones continue from the IV the kernel left (CBC chaining, CTR counter). Each update() is a
 * complete request whose output has the input's length. For a mode that does not chain (xts,
 * cts, chacha20, ...) a second update() throws UnsplittableInputError.
 */
export class SkcipherStream implements Disposable {
  readonly #serial: SerialOperation;
  #start: { op: Direction; iv?: Uint8Array } | undefined;
  #capacity = 0;
  readonly #chains: boolean;

  /** @internal Created by Skcipher.stream(). */
  constructor(operation: Operation, direction: Direction, iv: Uint8Array | undefined, chains: boolean) {
    this.#serial = new SerialOperation(operation);
    this.#start = { op: direction, iv };
    this.#chains = chains;
  }

  update(data: Uint8Array): Buffer {
    return this.#serial.run(this.#plan(data));
  }

  /** update() on the thread pool; calls run in the order they were made. */
  updateAsync(data: Uint8Array): Promise<Buffer> {
    return this.#serial.runAsync(this.#plan(data));
  }

  close(): void {
    this.#serial.operation.close();
  }

  [Symbol.dispose](): void {
    this.close();
  }

  #plan(data: Uint8Array): Plan<Buffer> {
    requireBytes(data, 'data');
    this.#capacity = ensureRequestCapacity(this.#serial.operation, data.length, this.#capacity || undefined);
    if (data.length > this.#capacity) {
      throw new InvalidArgumentError(
        `a stream request of ${data.length} bytes exceeds the socket's request capacity of ${this.#capacity} bytes`,
      );
    }
    if (this.#start === undefined && !this.#chains) {
      throw new UnsplittableInputError(this.#serial.operation.transform.name, data.length, 0);
    }
    const start = this.#start ?? {};
    this.#start = undefined;
    return streamPlan(data, start);
  }
}

function* streamPlan(data: Uint8Array, options: { op?: Direction; iv?: Uint8Array }): Plan<Buffer> {
  const output = Buffer.allocUnsafe(data.length);
  yield* sendFully(data, options);
  if (data.length > 0) yield* readFully(output);
  return output;
}
