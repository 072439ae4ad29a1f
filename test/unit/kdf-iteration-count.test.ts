import { describe, expect, it } from 'vitest';
import { suggestPbkdf2Iterations } from '../../src/kdf/iteration-count.js';
import type { PrfFamily } from '../../src/kdf/prf.js';

/** A PRF whose every call advances a fake clock by `costPerCall` ns (plus optional spikes). */
function timedFamily(costPerCall: bigint, spikes: bigint[] = []) {
  let clock = 0n;
  let calls = 0;
  const family: PrfFamily = {
    digestLength: 20,
    withKey: () => ({
      digestLength: 20,
      mac: () => {
        calls++;
        clock += costPerCall + (spikes.shift() ?? 0n);
        return Buffer.alloc(20);
      },
    }),
  };
  return { family, now: () => clock, calls: () => calls };
}

describe('PBKDF2 iteration count suggestion', () => {
  it('doubles until one derivation exceeds 2^27 ns', () => {
    // 1000 ns per iteration: 2^18 iterations take 262 ms > 134 ms, 2^17 take 131 ms.
    const { family, now } = timedFamily(1000n);
    expect(suggestPbkdf2Iterations(family, { now })).toBe(2 ** 18);
  });

  it('never suggests fewer than 2^16', () => {
    const { family, now } = timedFamily(10_000_000n);
    expect(suggestPbkdf2Iterations(family, { now })).toBe(2 ** 16);
  });

  it('a single slow measurement (rescheduling) does not end the search', () => {
    // The first measurement of 2^10 iterations is hit by a 1 s spike; the repeat is fast.
    const spikes: bigint[] = Array(2 ** 10 - 1).fill(0n);
    spikes.push(1_000_000_000n);
    const { family, now } = timedFamily(1000n, [...Array(2 ** 10 - 1).fill(0n), ...spikes]);
    expect(suggestPbkdf2Iterations(family, { now })).toBe(2 ** 18);
  });

  it('falls back to 2^18 when the PRF fails', () => {
    const failing: PrfFamily = {
      digestLength: 20,
      withKey: () => {
        throw new Error('no such algorithm');
      },
    };
    expect(suggestPbkdf2Iterations(failing)).toBe(2 ** 18);
  });
});
