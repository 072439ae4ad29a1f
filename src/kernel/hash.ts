import type { Operation } from './operation.js';
import { readStep, sendFully, SerialOperation, type Plan } from './request-plan.js';
import { Transform, type OpenOptions } from './transform.js';
import { requireBytes, requireOptionalBytes } from './validate.js';

/** HASH_MAX_DIGESTSIZE: a read of this size returns the whole digest, however long it is. */
const MAX_DIGEST_SIZE = 64;

/**
 * A message digest or MAC (AF_ALG hash) on one operation socket: update() feeds data with
 * MSG_MORE, final() reads the digest, and the next update() starts a new message.
 * digest(data) is update(data) + final().
 */
export class Hash implements Disposable {
  readonly transform: Transform;
  readonly #serial: SerialOperation;

  private constructor(transform: Transform, operation: Operation) {
    this.transform = transform;
    this.#serial = new SerialOperation(operation);
  }

  /** Binds `name` ('sha256', 'hmac(sha256)', 'cmac(aes)', ...) and sets the key when given. */
  static open(name: string, key?: Uint8Array, options?: OpenOptions): Hash {
    requireOptionalBytes(key, 'key');
    const transform = Transform.open('hash', name, options);
    try {
      if (key !== undefined) transform.setKey(key);
      return new Hash(transform, transform.accept());
    } catch (error) {
      transform.close();
      throw error;
    }
  }

  get name(): string {
    return this.transform.name;
  }

  update(data: Uint8Array): this {
    requireBytes(data, 'data');
    this.#serial.run(sendFully(data, { more: true }));
    return this;
  }

  /** The async calls of one Hash run in the order they were made. */
  async updateAsync(data: Uint8Array): Promise<this> {
    requireBytes(data, 'data');
    await this.#serial.runAsync(sendFully(data, { more: true }));
    return this;
  }

  final(): Buffer {
    return this.#serial.run(finalPlan());
  }

  finalAsync(): Promise<Buffer> {
    return this.#serial.runAsync(finalPlan());
  }

  digest(data: Uint8Array): Buffer {
    requireBytes(data, 'data');
    return this.#serial.run(digestPlan(data));
  }

  digestAsync(data: Uint8Array): Promise<Buffer> {
    requireBytes(data, 'data');
    return this.#serial.runAsync(digestPlan(data));
  }

  /** A copy of the current state (accept() on the operation socket) on the same transform. */
  clone(): Hash {
    return new Hash(this.transform, this.#serial.operation.accept());
  }

  /** Closes the transform, with every clone. */
  close(): void {
    this.transform.close();
  }

  [Symbol.dispose](): void {
    this.close();
  }
}

function* finalPlan(): Plan<Buffer> {
  const digest = Buffer.allocUnsafe(MAX_DIGEST_SIZE);
  const length = yield readStep(digest);
  return digest.subarray(0, length);
}

function* digestPlan(data: Uint8Array): Plan<Buffer> {
  yield* sendFully(data, { more: false });
  return yield* finalPlan();
}
