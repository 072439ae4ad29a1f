import { algorithmInfo } from './algorithms.js';
import type { Transform } from './transform.js';

/**
 * Block modes whose kernel implementations leave the next IV in the operation socket's IV
 * buffer (docs/af-alg.md, "IVs between requests"), so that consecutive kernel requests of
 * whole blocks give what one request over their concatenation gives. Checked against
 * node:crypto on every guest kernel by test/kernel/matrix-library.test.ts. Everything else
 * (xts, cts, lrw, xctr, chacha20, rfc3686, the AEADs, ...) restarts from the IV it was given,
 * or finishes its message (ciphertext stealing) in every request.
 */
const CHAINING_MODES: ReadonlySet<string> = new Set(['cbc', 'ecb', 'ctr', 'ofb', 'cfb']);

/** Whether a generic algorithm name ('cbc(aes)') names a mode whose pieces chain. */
export function chainsAcrossRequests(algorithm: string): boolean {
  const match = /^([a-z0-9_]+)\((?:[a-z0-9_]+)\)$/.exec(algorithm);
  return match !== null && CHAINING_MODES.has(match[1]!);
}

/** The transform's generic name (driver names resolved through the kernel's metadata); undefined when the kernel does not say. */
function genericName(transform: Transform): string | undefined {
  try {
    return algorithmInfo(transform).name || undefined;
  } catch {
    return undefined;
  }
}

/**
 * Input that would have to go to the kernel in several requests, for an algorithm whose result
 * is then wrong (each request restarts from the IV): refused rather than computed wrongly.
 * `capacity` is the most one request on that socket takes (0: the refusal is of a second
 * request, as in a stream's second update).
 */
export class UnsplittableInputError extends RangeError {
  override name = 'UnsplittableInputError';
  readonly code = 'ERR_KCAPI_UNSPLITTABLE_INPUT';
  readonly algorithm: string;
  readonly length: number;
  readonly capacity: number;

  constructor(algorithm: string, length: number, capacity: number) {
    super(
      capacity > 0
        ? `${algorithm}: ${length} bytes do not fit one kernel request (at most ${capacity} bytes on this socket), ` +
            `and ${algorithm} gives a different result in several requests`
        : `${algorithm} does not carry its IV from one kernel request to the next: a stream of it takes one request only`,
    );
    this.algorithm = algorithm;
    this.length = length;
    this.capacity = capacity;
  }
}

/**
 * Throws UnsplittableInputError when `length` bytes exceed `capacity` and the transform's
 * algorithm does not chain from one request to the next.
 */
export function requireSplittable(transform: Transform, length: number, capacity: number): void {
  if (length <= capacity) return;
  const name = genericName(transform);
  if (name === undefined || !chainsAcrossRequests(name)) throw new UnsplittableInputError(name ?? transform.name, length, capacity);
}
