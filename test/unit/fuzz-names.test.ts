import { describe, expect, it } from 'vitest';
import { FuzzRandom } from '../../src/ops/fuzz/random.js';
import { isWellFormed, kernelView, randomFuzzName, realNames, socketTypes, wronglyNested } from '../../src/ops/fuzz/names.js';

describe('fuzz random source', () => {
  it('replays the same sequence from the same seed', () => {
    const a = new FuzzRandom(1234);
    const b = new FuzzRandom(1234);
    expect(a.bytes(100)).toEqual(b.bytes(100));
    expect(Array.from({ length: 50 }, () => a.int(0, 9))).toEqual(Array.from({ length: 50 }, () => b.int(0, 9)));
    expect(new FuzzRandom(1235).bytes(16)).not.toEqual(new FuzzRandom(1234).bytes(16));
  });

  it('int covers its inclusive range uniformly enough', () => {
    const random = new FuzzRandom(7);
    const counts = new Array<number>(6).fill(0);
    for (let i = 0; i < 60_000; i++) counts[random.int(0, 5)]!++;
    for (const count of counts) expect(count).toBeGreaterThan(9_000);
    expect(counts.reduce((x, y) => x + y)).toBe(60_000);
  });

  it('splits end at the length and never go backwards', () => {
    const random = new FuzzRandom(99);
    for (let i = 0; i < 1000; i++) {
      const length = random.int(0, 300);
      const cuts = random.splits(length, 6);
      expect(cuts.at(-1)).toBe(length);
      for (let k = 1; k < cuts.length; k++) expect(cuts[k]!).toBeGreaterThanOrEqual(cuts[k - 1]!);
    }
  });

  it('reads the seed from the environment value', () => {
    expect(FuzzRandom.fromEnvironment('42').seed).toBe(42);
    expect(() => FuzzRandom.fromEnvironment('x')).toThrow(RangeError);
    expect(() => FuzzRandom.fromEnvironment('-1')).toThrow(RangeError);
  });
});

describe('algorithm name oracle', () => {
  it('accepts every real name and every wrongly nested one (they are well-formed)', () => {
    for (const type of socketTypes) for (const name of realNames[type]) expect(isWellFormed(name), name).toBe(true);
    for (const name of wronglyNested) expect(isWellFormed(name), name).toBe(true);
    expect(isWellFormed('cbc-aes-aesni')).toBe(true);
  });

  it('rejects malformed names', () => {
    for (const name of [
      '',
      '(',
      'cbc(aes',
      'cbc(aes))',
      'cbc()',
      'cbc(aes)x',
      '((((((((((((()))))))))))))',
      'a b',
      'cbc(,aes)',
      'sha256\x01',
    ]) {
      expect(isWellFormed(name), JSON.stringify(name)).toBe(false);
    }
  });

  it('judges what the kernel sees: the name up to a NUL byte', () => {
    expect(kernelView('sha256\0garbage')).toBe('sha256');
  });

  it('every generated name that must fail really is malformed or known-bad', () => {
    const random = new FuzzRandom(5);
    const kinds = new Set<string>();
    for (let i = 0; i < 2000; i++) {
      const fuzz = randomFuzzName(random);
      kinds.add(fuzz.kind);
      expect(fuzz.name.length).toBeLessThanOrEqual(63);
      if ((fuzz.kind === 'garbage' || fuzz.kind === 'mutation') && fuzz.mustFailAs.length > 0) {
        expect(isWellFormed(kernelView(fuzz.name))).toBe(false);
      }
      if (fuzz.kind === 'wrong-type') expect(fuzz.mustFailAs).toHaveLength(3);
    }
    expect([...kinds].sort()).toEqual(['garbage', 'mutation', 'wrong-type', 'wrongly-nested']);
  });
});
