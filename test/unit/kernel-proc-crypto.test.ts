import { describe, expect, it } from 'vitest';

import { decodeCryptoReport, mergeAlgorithmLists, parseProcCrypto, selectAlgorithm } from '../../src/kernel/index.js';
import { loadCryptoMetadataFixture } from '../helpers/crypto-metadata-fixture.js';

const fixture = loadCryptoMetadataFixture('6.1');
const fromProc = parseProcCrypto(fixture.procText);
const fromNetlink = fixture.reports.map(decodeCryptoReport);

function byDriver(list: typeof fromProc, driver: string) {
  const found = list.find((entry) => entry.driver === driver);
  if (!found) throw new Error(`${driver} not in the fixture`);
  return found;
}

describe('parseProcCrypto on a 6.1 guest capture', () => {
  it('yields one entry per block, each with its identity fields', () => {
    const blocks = fixture.procText.split('\n').filter((line) => line.startsWith('name ')).length;
    expect(blocks).toBeGreaterThan(50);
    expect(fromProc).toHaveLength(blocks);
    for (const entry of fromProc) {
      expect(entry.name, JSON.stringify(entry)).not.toBe('');
      expect(entry.driver).not.toBe('');
      expect(entry.module).not.toBe('');
      expect(entry.type).not.toBe('');
      expect(entry.source).toBe('proc');
    }
  });

  it('reads the sizes AES-CBC, GCM and SHA-256 are defined with', () => {
    const cbc = byDriver(fromProc, 'cbc-aes-aesni');
    expect(cbc).toMatchObject({ name: 'cbc(aes)', type: 'skcipher', blockSize: 16, ivSize: 16, minKeySize: 16, maxKeySize: 32 });
    expect(cbc).toMatchObject({ async: true, internal: false, selftest: 'passed', chunkSize: 16 });
    const gcm = fromProc.find((entry) => entry.name === 'gcm(aes)' && !entry.internal);
    expect(gcm).toMatchObject({ type: 'aead', blockSize: 1, ivSize: 12, maxAuthSize: 16 });
    const sha256 = byDriver(fromProc, 'sha256-generic');
    expect(sha256).toMatchObject({ name: 'sha256', type: 'shash', blockSize: 64, digestSize: 32 });
    expect(fromProc.some((entry) => entry.internal)).toBe(true);
  });

  it('ignores unknown keys and tolerates a missing final blank line', () => {
    const parsed = parseProcCrypto('name : a\ndriver : a-x\nfuture field : 7\npriority : 5\n\nname : b\ndriver : b-y\nrefcnt : 2');
    expect(parsed.map((entry) => [entry.name, entry.driver, entry.priority, entry.refcount])).toEqual([
      ['a', 'a-x', 5, 0],
      ['b', 'b-y', 0, 2],
    ]);
  });
});

describe('netlink reports and /proc/crypto agree', () => {
  it('lists the same implementations', () => {
    expect(fromNetlink.map((entry) => entry.driver).sort()).toEqual(fromProc.map((entry) => entry.driver).sort());
  });

  it('reports the same fields for every implementation', () => {
    const fields = [
      'name',
      'module',
      'type',
      'priority',
      'selftest',
      'internal',
      'blockSize',
      'ivSize',
      'minKeySize',
      'maxKeySize',
      'maxAuthSize',
      'digestSize',
      'seedSize',
    ] as const;
    for (const netlink of fromNetlink) {
      const proc = byDriver(fromProc, netlink.driver);
      for (const field of fields) expect(netlink[field], `${netlink.driver} ${field}`).toEqual(proc[field]);
      // /proc/crypto prints "async" only for types that can be asynchronous; netlink has the flag for all.
      if (proc.async) expect(netlink.async, netlink.driver).toBe(true);
    }
  });

  it('merges the /proc-only sizes into the netlink entries', () => {
    const merged = mergeAlgorithmLists(fromNetlink, fromProc);
    expect(merged).toHaveLength(fromNetlink.length);
    const cbc = byDriver(merged, 'cbc-aes-aesni');
    expect(cbc.source).toBe('netlink+proc');
    expect(cbc.chunkSize).toBe(16);
    expect(cbc.walkSize).toBe(byDriver(fromProc, 'cbc-aes-aesni').walkSize);
    expect(mergeAlgorithmLists(undefined, fromProc)).toEqual(fromProc);
    expect(mergeAlgorithmLists(fromNetlink, undefined)).toEqual(fromNetlink);
  });
});

describe('selectAlgorithm chooses as the kernel binds', () => {
  it('takes the highest-priority bindable implementation of a generic name', () => {
    const candidates = fromProc.filter((entry) => entry.name === 'cbc(aes)' && !entry.internal);
    expect(candidates.length).toBeGreaterThan(1);
    const chosen = selectAlgorithm(fromProc, 'cbc(aes)', 'skcipher');
    expect(chosen?.driver).toBe('cbc-aes-aesni');
    for (const other of candidates) expect(chosen!.priority).toBeGreaterThanOrEqual(other.priority);
  });

  it('takes a driver name exactly, even below the best priority', () => {
    expect(selectAlgorithm(fromProc, 'cbc(aes-generic)', 'skcipher')?.driver).toBe('cbc(aes-generic)');
  });

  it('never picks internal implementations or types the socket cannot bind', () => {
    expect(selectAlgorithm(fromProc, 'cryptd(__cbc-aes-aesni)')).toBeUndefined();
    expect(selectAlgorithm(fromProc, 'aes', 'skcipher')).toBeUndefined();
    expect(selectAlgorithm(fromProc, 'aes')?.type).toBe('cipher');
    expect(selectAlgorithm(fromProc, 'sha256', 'hash')?.digestSize).toBe(32);
    expect(selectAlgorithm(fromProc, 'no-such-algorithm')).toBeUndefined();
  });

  it('falls back to an untested implementation only when no tested one exists', () => {
    const base = byDriver(fromProc, 'sha256-generic');
    const untested = { ...base, driver: 'sha256-untested', priority: 9999, selftest: 'unknown' };
    expect(selectAlgorithm([untested, base], 'sha256')?.driver).toBe('sha256-generic');
    expect(selectAlgorithm([untested], 'sha256')?.driver).toBe('sha256-untested');
  });
});
