/**
 * The drivers listing and its formats over metadata captured in a 6.1 guest
 * (test/fixtures/crypto-metadata/6.1): no kernel needed.
 */
import { describe, expect, it } from 'vitest';
import { decodeCryptoReport, mergeAlgorithmLists, parseProcCrypto, type AlgorithmInfo } from '../../src/kernel/index.js';
import { listAllDrivers, listDrivers } from '../../src/kernel-info/drivers.js';
import { driversJson, formatDriverTable } from '../../src/kernel-info/drivers-format.js';
import { loadCryptoMetadataFixture } from '../helpers/crypto-metadata-fixture.js';

const fixture = loadCryptoMetadataFixture('6.1');
const algorithms: AlgorithmInfo[] = mergeAlgorithmLists(fixture.reports.map(decodeCryptoReport), parseProcCrypto(fixture.procText));
const list = () => algorithms;

describe('drivers listing (6.1 metadata)', () => {
  it('cbc(aes): both implementations, best first, the AES-NI one selected', () => {
    const listing = listDrivers('cbc(aes)', list);
    expect(listing.drivers.map((d) => [d.driver, d.priority])).toEqual([
      ['cbc-aes-aesni', 400],
      ['cbc(aes-generic)', 100],
    ]);
    expect(listing.selected).toBe('cbc-aes-aesni');
    expect(listing.algorithm).toBe('cbc(aes)');
  });

  it('a driver name lists the implementations of its generic name', () => {
    const listing = listDrivers('cbc(aes-generic)', list);
    expect(listing.algorithm).toBe('cbc(aes)');
    expect(listing.drivers).toHaveLength(2);
  });

  it('an unknown name lists nothing', () => {
    expect(listDrivers('no-such-algorithm', list).drivers).toEqual([]);
  });

  it('formats a table with the selected row marked and sizes per type', () => {
    const listing = listDrivers('cbc(aes)', list);
    expect(formatDriverTable(listing.drivers, listing.selected)).toEqual([
      '  DRIVER            PRIORITY  MODULE       SELFTEST  MODE   TYPE      BLOCK  IV  KEY    TAG  DIGEST',
      '* cbc-aes-aesni     400       aesni_intel  passed    async  skcipher  16     16  16-32  -    -',
      '  cbc(aes-generic)  100       kernel       passed    sync   skcipher  16     16  16-32  -    -',
    ]);
    const sha256 = listDrivers('sha256', list);
    expect(formatDriverTable(sha256.drivers, sha256.selected)[1]).toMatch(
      /^\* sha256-\S+ +\d+ +\S+ +passed +sync +shash +64 +- +- +- +32$/,
    );
  });

  it('JSON marks exactly the selected implementation', () => {
    const doc = driversJson(listDrivers('cbc(aes)', list)) as { drivers: Array<{ driver: string; selected: boolean }> };
    expect(doc.drivers.map((d) => [d.driver, d.selected])).toEqual([
      ['cbc-aes-aesni', true],
      ['cbc(aes-generic)', false],
    ]);
  });

  it('without a name: every implementation, grouped by name', () => {
    const all = listAllDrivers(list);
    expect(all).toHaveLength(algorithms.filter((a) => a.type !== 'larval').length);
    const names = all.map((a) => a.name);
    expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b)));
  });
});
