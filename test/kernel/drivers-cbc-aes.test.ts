/**
 * `kcapi drivers "cbc(aes)"` on the kernel: the listing holds the AES-NI driver and the
 * generic template instance (the guest CPU has AES-NI), with consistent metadata, and
 * every bindable implementation answers the CBC MMT vectors.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Transform } from '../../src/kernel/index.js';
import { listDrivers, type DriverListing } from '../../src/kernel-info/drivers.js';
import { driversJson, driversJsonSchema } from '../../src/kernel-info/drivers-format.js';
import { parseVectorFile } from '../../src/verify/cavp.js';
import type { SkcipherCase } from '../../src/verify/cases.js';
import { evaluateCase } from '../../src/verify/evaluate.js';
import { KernelBackend } from '../../src/verify/kernel-backend.js';
import { requireCavpRoot } from '../helpers/cavp-dir.js';
import { requireAfAlg } from '../helpers/kernel.js';

let listing: DriverListing;
let backend: KernelBackend;

beforeAll(() => {
  requireAfAlg();
  listing = listDrivers('cbc(aes)');
  backend = KernelBackend.open();
});

afterAll(() => backend?.close());

describe('drivers of cbc(aes)', () => {
  it('lists the AES-NI driver and the generic instance, highest priority first', () => {
    const drivers = listing.drivers.map((d) => d.driver);
    expect(drivers).toContain('cbc-aes-aesni');
    expect(drivers).toContain('cbc(aes-generic)');
    expect(listing.algorithm).toBe('cbc(aes)');
    expect(listing.socketType).toBe('skcipher');
    const priorities = listing.drivers.map((d) => d.priority);
    expect(priorities).toEqual([...priorities].sort((a, b) => b - a));
    // The kernel binds the best tested, bindable implementation: AES-NI outranks generic C.
    expect(listing.selected).toBe('cbc-aes-aesni');
  });

  it('reports the sizes, module and self-test result of each implementation', () => {
    const aesni = listing.drivers.find((d) => d.driver === 'cbc-aes-aesni')!;
    const generic = listing.drivers.find((d) => d.driver === 'cbc(aes-generic)')!;
    for (const entry of [aesni, generic]) {
      expect(entry).toMatchObject({
        name: 'cbc(aes)',
        type: 'skcipher',
        blockSize: 16,
        ivSize: 16,
        minKeySize: 16,
        maxKeySize: 32,
        selftest: 'passed',
      });
    }
    expect(aesni.module).toBe('aesni_intel');
    expect(aesni.async).toBe(true);
    expect(aesni.priority).toBeGreaterThan(generic.priority);
    expect(generic.async).toBe(false);
  });

  it('has a stable JSON shape', () => {
    const doc = JSON.parse(JSON.stringify(driversJson(listing)));
    expect(Object.keys(doc)).toEqual(['schema', 'query', 'algorithm', 'socketType', 'selected', 'instantiated', 'drivers']);
    expect(doc.schema).toBe(driversJsonSchema);
    expect(Object.keys(doc.drivers[0])).toEqual([
      'driver',
      'name',
      'module',
      'priority',
      'selftest',
      'async',
      'internal',
      'type',
      'blockSize',
      'ivSize',
      'minKeySize',
      'maxKeySize',
      'maxAuthSize',
      'digestSize',
      'seedSize',
      'chunkSize',
      'walkSize',
      'stateSize',
      'selected',
    ]);
    expect(doc.drivers.filter((d: { selected: boolean }) => d.selected)).toHaveLength(1);
  });

  it('every bindable implementation passes the CBC MMT vectors when bound by driver name', async () => {
    const cases = (
      await Promise.all(['CBCMMT128.rsp', 'CBCMMT256.rsp'].map((f) => parseVectorFile(join(requireCavpRoot(), 'ciphers/AES/CBC', f))))
    ).flatMap((file) => file.cases) as SkcipherCase[];
    const bindable = listing.drivers.filter((d) => !d.internal);
    expect(bindable.length).toBeGreaterThanOrEqual(2);
    for (const driver of bindable) {
      Transform.open('skcipher', driver.driver).close();
      const failures: string[] = [];
      for (const c of cases) {
        const outcome = await evaluateCase({ ...c, algorithm: driver.driver }, backend);
        if (outcome.status !== 'pass') failures.push(`${c.id}: ${outcome.status} ${'reason' in outcome ? outcome.reason : ''}`);
      }
      expect(failures, driver.driver).toEqual([]);
    }
  });
});
