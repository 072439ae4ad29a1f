import type { Operation } from './operation.js';
import { readFully, runOnNewOperation, runPlan, type Plan } from './request-plan.js';
import { Transform, type OpenOptions } from './transform.js';
import { requireInteger, requireOptionalBytes } from './validate.js';

/** A random number generator (AF_ALG rng). The kernel returns at most 128 bytes a read. */
export class Rng implements Disposable {
  readonly transform: Transform;
  readonly #operation: Operation;

  private constructor(transform: Transform, operation: Operation) {
    this.transform = transform;
    this.#operation = operation;
  }

  /** Binds `name` ('stdrng', 'drbg_nopr_hmac_sha256', 'jitterentropy_rng', ...); `seed` is set as its key. */
  static open(name: string, seed?: Uint8Array, options?: OpenOptions): Rng {
    requireOptionalBytes(seed, 'seed');
    const transform = Transform.open('rng', name, options);
    try {
      if (seed !== undefined) transform.setKey(seed);
      return new Rng(transform, transform.accept());
    } catch (error) {
      transform.close();
      throw error;
    }
  }

  get name(): string {
    return this.transform.name;
  }

  generate(length: number): Buffer {
    requireInteger(length, 'length', 0, 0x7fff_ffff);
    return runPlan(this.#operation, generatePlan(length));
  }

  /** generate() on the thread pool, on an operation socket of its own. */
  generateAsync(length: number): Promise<Buffer> {
    requireInteger(length, 'length', 0, 0x7fff_ffff);
    return runOnNewOperation(this.transform, () => generatePlan(length));
  }

  close(): void {
    this.transform.close();
  }

  [Symbol.dispose](): void {
    this.close();
  }
}

function* generatePlan(length: number): Plan<Buffer> {
  const output = Buffer.allocUnsafe(length);
  yield* readFully(output);
  return output;
}
