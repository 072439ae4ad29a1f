/**
 * kcapi -z on the real kernel: the five lines and their exit status, and the kernels whose
 * configuration has the DRBG (Debian 12's 6.1 and 6.12) pass every check.
 */
import { release } from 'node:os';
import { describe, expect, it } from 'vitest';
import { auxiliaryChecks, auxRngs } from '../../src/ops/aux.js';
import { Rng } from '../../src/kernel/index.js';
import { unsupportedReason } from '../../src/ops/asym.js';
import { requireAfAlg } from '../helpers/kernel.js';

function hasRng(name: string): boolean {
  try {
    Rng.open(name).close();
    return true;
  } catch {
    return false;
  }
}

describe('-z auxiliary checks', () => {
  it('prints the five lines; RNG lines hold 150 bytes', () => {
    requireAfAlg();
    const report = auxiliaryChecks();
    expect(report.lines.slice(0, 3)).toEqual([
      'AEAD obtained information passed',
      'Symmetric cipher obtained information passed',
      'Message digest obtained information passed',
    ]);
    auxRngs.forEach((name, index) => {
      const line = report.lines[3 + index]!;
      if (hasRng(name)) expect(line).toMatch(new RegExp(`^RNG ${name} returned: [0-9a-f]{300}$`));
      else {
        expect(line).toBe(`Allocation of cipher ${name} failed`);
        expect(report.failures.some((reason) => reason.includes(name) && reason.includes('CONFIG_CRYPTO_DRBG'))).toBe(true);
      }
    });
    expect(report.lines).toHaveLength(5);
  });

  it('two DRBG outputs differ (the generator is seeded, not constant)', () => {
    requireAfAlg();
    const first = auxiliaryChecks().lines.slice(3);
    const second = auxiliaryChecks().lines.slice(3);
    for (let i = 0; i < first.length; i++) if (first[i]!.startsWith('RNG ')) expect(second[i]).not.toBe(first[i]);
  });

  it('Debian 12 kernels (6.1, 6.12) have the DRBG: no check fails', () => {
    requireAfAlg();
    const debian12 = /^6\.(1|12)\./.test(release());
    const report = auxiliaryChecks();
    if (debian12) expect(report.failures).toEqual([]);
    else expect(report.failures.length, `kernel ${release()}`).toBe(auxRngs.filter((name) => !hasRng(name)).length);
  });
});

describe('-x 4, 11, 13, 14 on a mainline kernel', () => {
  it.each([4, 11, 13, 14])('-x %i says in one line that AF_ALG lacks the socket type', (type) => {
    requireAfAlg();
    const reason = unsupportedReason(type, '');
    expect(reason).not.toContain('\n');
    expect(reason).toMatch(/mainline Linux does not have/);
  });
});
