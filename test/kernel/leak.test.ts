import { randomBytes } from '../helpers/seeded-random.js';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

import { beforeAll, describe, expect, it } from 'vitest';

import { Transform } from '../../src/kernel/index.js';
import { openDescriptorCount, requireAfAlg, residentBytes } from '../helpers/kernel.js';

beforeAll(requireAfAlg);

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/** Full collections, with turns of the event loop in between for deferred finalizers. */
async function collect(): Promise<void> {
  for (let round = 0; round < 4; round++) {
    gc();
    await new Promise((resolve) => setImmediate(resolve));
  }
}

const key = randomBytes(16);
const iv = randomBytes(16);
const data = randomBytes(64);

function cycle(close: boolean): void {
  const transform = Transform.open('skcipher', 'cbc(aes)');
  transform.setKey(key);
  const operation = transform.accept();
  operation.send(data, { op: 'encrypt', iv });
  if (operation.read(64).length !== 64) throw new Error('short read');
  if (close) transform.close();
}

describe('no descriptor or memory leaks', () => {
  it('10,000 open/operate/close cycles keep the descriptor count and RSS stable', async () => {
    for (let index = 0; index < 1000; index++) cycle(true);
    await collect();
    const descriptors = openDescriptorCount();
    const resident = residentBytes();
    for (let index = 0; index < 10_000; index++) cycle(true);
    await collect();
    expect(openDescriptorCount()).toBe(descriptors);
    const growth = residentBytes() - resident;
    expect(growth, `RSS grew by ${growth} bytes`).toBeLessThan(8 * 1024 * 1024);
  }, 900_000);

  it('finalizers close what the caller forgot to close', async () => {
    await collect();
    const descriptors = openDescriptorCount();
    for (let index = 0; index < 500; index++) cycle(false);
    expect(openDescriptorCount()).toBeGreaterThan(descriptors);
    await collect();
    expect(openDescriptorCount()).toBe(descriptors);
  }, 300_000);

  it('10,000 operations on one operation socket keep the descriptor count stable', async () => {
    const transform = Transform.open('hash', 'sha256');
    try {
      const operation = transform.accept();
      const descriptors = openDescriptorCount();
      for (let index = 0; index < 10_000; index++) {
        operation.send(data);
        operation.read(32);
        operation.sendSpliced(data);
        operation.read(32);
      }
      expect(openDescriptorCount()).toBe(descriptors + 2); // the splice pipe, created once
    } finally {
      transform.close();
    }
  }, 900_000);
});
