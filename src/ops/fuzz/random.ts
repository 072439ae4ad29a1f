/**
 * The fuzzers' deterministic random source: sfc32 (a small, fast, well-tested generator),
 * so that a failing run can be replayed from its printed seed (KCAPI_FUZZ_SEED).
 * Not for key generation outside the fuzzers.
 */
import { randomInt } from 'node:crypto';

export class FuzzRandom {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(readonly seed: number) {
    this.a = 0x9e3779b9;
    this.b = 0x243f6a88;
    this.c = 0xb7e15162;
    this.d = seed >>> 0;
    for (let i = 0; i < 16; i++) this.next();
  }

  /** A seed from the environment variable, or a fresh one. */
  static fromEnvironment(value: string | undefined): FuzzRandom {
    if (value === undefined || value === '') return new FuzzRandom(randomInt(0, 2 ** 32));
    const seed = Number(value);
    if (!Number.isSafeInteger(seed) || seed < 0 || seed >= 2 ** 32) {
      throw new RangeError(`KCAPI_FUZZ_SEED must be an integer from 0 to 4294967295, got ${JSON.stringify(value)}`);
    }
    return new FuzzRandom(seed);
  }

  /** The next 32 random bits. */
  next(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** Uniform integer in [min, max] (inclusive). */
  int(min: number, max: number): number {
    if (max < min) throw new RangeError(`empty range [${min}, ${max}]`);
    const span = max - min + 1;
    if (span > 2 ** 32) throw new RangeError('range wider than 2^32');
    // Rejection sampling keeps the distribution uniform.
    const limit = 2 ** 32 - (2 ** 32 % span);
    let value = this.next();
    while (value >= limit) value = this.next();
    return min + (value % span);
  }

  chance(probability: number): boolean {
    return this.next() / 2 ** 32 < probability;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new RangeError('pick from an empty list');
    return items[this.int(0, items.length - 1)]!;
  }

  bytes(length: number): Buffer {
    const out = Buffer.alloc(length);
    for (let i = 0; i < length; i += 4) {
      const word = this.next();
      for (let k = 0; k < 4 && i + k < length; k++) out[i + k] = (word >>> (8 * k)) & 0xff;
    }
    return out;
  }

  /** Cut points splitting `length` bytes into random pieces (each piece may be empty). */
  splits(length: number, maxPieces: number): number[] {
    const pieces = this.int(1, maxPieces);
    const cuts = Array.from({ length: pieces - 1 }, () => this.int(0, length));
    return [...cuts.sort((x, y) => x - y), length];
  }
}
