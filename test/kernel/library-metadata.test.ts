import { readFileSync } from 'node:fs';

import { beforeAll, describe, expect, it } from 'vitest';

import { afAlgAvailable, afAlgStatus, algorithmInfo, listAlgorithms, parseProcCrypto, Transform } from '../../src/kernel/index.js';
import { requireAfAlg } from '../helpers/kernel.js';

beforeAll(requireAfAlg);

describe('algorithm metadata from the running kernel', () => {
  it('AF_ALG is available', () => {
    expect(afAlgStatus()).toEqual({ available: true });
    expect(afAlgAvailable()).toBe(true);
  });

  it('reports the sizes the algorithms are defined with, for a bound transform and by name', () => {
    const expectations = [
      ['skcipher', 'cbc(aes)', { blockSize: 16, ivSize: 16, minKeySize: 16, maxKeySize: 32 }],
      ['skcipher', 'ctr(aes)', { blockSize: 1, ivSize: 16, minKeySize: 16, maxKeySize: 32 }],
      ['skcipher', 'xts(aes)', { blockSize: 16, ivSize: 16, minKeySize: 32, maxKeySize: 64 }],
      ['aead', 'gcm(aes)', { blockSize: 1, ivSize: 12, maxAuthSize: 16 }],
      ['aead', 'ccm(aes)', { blockSize: 1, ivSize: 16, maxAuthSize: 16 }],
      ['hash', 'sha1', { blockSize: 64, digestSize: 20 }],
      ['hash', 'sha256', { blockSize: 64, digestSize: 32 }],
      ['hash', 'hmac(sha512)', { blockSize: 128, digestSize: 64 }],
    ] as const;
    for (const [index, [type, name, sizes]] of expectations.entries()) {
      const transform = Transform.open(type, name);
      try {
        const info = algorithmInfo(transform);
        expect(info, name).toMatchObject({ name, ...sizes, selftest: 'passed', internal: false });
        expect(info.source, name).toBe('netlink+proc');
        expect(info.priority, name).toBeGreaterThan(0);
        expect(info.driver, name).not.toBe('');
        if (index % 3 === 0) {
          // refcount counts every user of the algorithm in the kernel, other test files running
          // at the same time included: it may change between the two reads.
          const { refcount: _boundRefcount, ...bound } = info;
          const { refcount: _namedRefcount, ...named } = algorithmInfo(name, { type });
          expect(named, name).toEqual(bound);
          expect(algorithmInfo(info.driver, { type }).driver, name).toBe(info.driver);
        }
      } finally {
        transform.close();
      }
    }
  });

  it('names the highest-priority implementation as the one a generic name binds', () => {
    Transform.open('skcipher', 'cbc(aes)').close();
    const all = listAlgorithms().filter((entry) => entry.name === 'cbc(aes)' && !entry.internal && entry.selftest === 'passed');
    const best = Math.max(...all.map((entry) => entry.priority));
    expect(algorithmInfo('cbc(aes)', { type: 'skcipher' }).priority).toBe(best);
  });

  it('lists every implementation /proc/crypto lists, with the netlink flags', () => {
    const listed = listAlgorithms();
    const proc = parseProcCrypto(readFileSync('/proc/crypto', 'latin1'));
    const drivers = new Set(listed.map((entry) => entry.driver));
    for (const entry of proc) expect(drivers.has(entry.driver), entry.driver).toBe(true);
    expect(listed.every((entry) => typeof entry.flags === 'number')).toBe(true);
  });

  it('throws ENOENT for an algorithm the kernel does not have', () => {
    expect(() => algorithmInfo('no-such-algorithm')).toThrow(expect.objectContaining({ code: 'ENOENT' }));
  });
});
