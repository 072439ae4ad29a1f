import { randomBytes } from '../helpers/seeded-random.js';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

import { beforeAll, describe, expect, it } from 'vitest';

import { kernelPrfFamily } from '../../src/kdf/kernel-prf.js';
import { pbkdf2 } from '../../src/kdf/pbkdf2.js';
import { Aead, Transform } from '../../src/kernel/index.js';
import { OperationPort } from '../../src/modes/kernel-port.js';
import { runRequests } from '../../src/modes/request-runner.js';
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

/** What 10^5 operations of one kind left behind, measured after a warm-up and full collections. */
interface Residue {
  readonly descriptors: number;
  readonly residentBytes: number;
  /** Growth of the memory V8 accounts outside its heap (Buffers, addon allocations it was told of). */
  readonly bufferBytes: number;
  readonly milliseconds: number;
}

function bufferMemory(): number {
  const usage = process.memoryUsage();
  return usage.external + usage.arrayBuffers;
}

const operationsPerKind = 100_000;
const residentLimit = 1 << 20;

/**
 * Runs `batch` (which performs `perBatch` operations) for 10^5 operations twice and measures the
 * second round: the first warms up and lets what earlier tests freed settle (RSS measured from
 * a cold start moves by megabytes either way), so growth in the second is what the kind leaves.
 */
async function residueOf(perBatch: number, batch: () => unknown): Promise<Residue> {
  const batches = Math.ceil(operationsPerKind / perBatch);
  for (let index = 0; index < batches; index++) await batch();
  await collect();
  const descriptors = openDescriptorCount();
  const resident = residentBytes();
  const buffers = bufferMemory();
  const started = performance.now();
  for (let index = 0; index < batches; index++) await batch();
  const milliseconds = performance.now() - started;
  await collect();
  return {
    descriptors: openDescriptorCount() - descriptors,
    residentBytes: residentBytes() - resident,
    bufferBytes: bufferMemory() - buffers,
    milliseconds,
  };
}

function expectNoResidue(kind: string, residue: Residue): void {
  process.stderr.write(
    `leak check ${kind}: ${operationsPerKind} operations in ${Math.round(residue.milliseconds)} ms, RSS ${residue.residentBytes} bytes, buffers ${residue.bufferBytes} bytes, descriptors ${residue.descriptors}\n`,
  );
  expect(residue.descriptors, `${kind}: descriptors`).toBe(0);
  expect(residue.residentBytes, `${kind}: RSS growth`).toBeLessThan(residentLimit);
  expect(residue.bufferBytes, `${kind}: buffer memory growth`).toBeLessThan(residentLimit);
}

const aeadKey = randomBytes(16);
const nonce = randomBytes(12);
const assoc = randomBytes(16);

describe('10^5 operations per kind: no descriptor and under 1 MiB of RSS left behind', () => {
  it('AEAD encryptions on one handle', async () => {
    const aead = Aead.open('gcm(aes)', aeadKey, 16);
    try {
      expectNoResidue('aead', await residueOf(1, () => aead.encrypt({ iv: nonce, assoc, plaintext: data })));
    } finally {
      aead.close();
    }
  }, 900_000);

  it('the -d loop in the addon (Operation.repeat)', async () => {
    const transform = Transform.open('skcipher', 'cbc(aes)');
    try {
      transform.setKey(key);
      const operation = transform.accept();
      const loops = 1000;
      expectNoResidue('repeat', await residueOf(loops, () => operation.repeat(data, { op: 'encrypt', iv }, loops, data.length)));
    } finally {
      transform.close();
    }
  }, 900_000);

  it('AIO batches (io_submit of 64 requests, as -x 9 -d N)', async () => {
    const transform = Transform.open('skcipher', 'cbc(aes)');
    try {
      transform.setKey(key);
      const port = new OperationPort(transform.accept(), { path: 'sync', vmsplice: false, requestLength: 16 });
      const requests = 6400;
      const set = { op: 1 as const, inputs: Array<Uint8Array>(requests).fill(data.subarray(0, 16)), outputLength: 16, ivs: [iv] };
      const batch = async () => {
        const run = await runRequests([port], set, { mode: 'chained', handles: 1 });
        if (run.reads.some((read) => !('bytes' in read) || read.bytes !== 16)) throw new Error('an AIO request failed');
      };
      expectNoResidue('aio', await residueOf(requests, batch));
    } finally {
      transform.close();
    }
  }, 900_000);

  it('the KDF loop (PBKDF2 iterations over a kernel HMAC)', async () => {
    const family = kernelPrfFamily('hmac(sha256)');
    const iterations = 1000;
    expectNoResidue('pbkdf2', await residueOf(iterations, () => pbkdf2(family, key, iv, iterations, 32)));
  }, 900_000);

  // A detector that cannot fail proves nothing: the same loop, keeping what it makes, must be caught.
  // (RSS alone does not see it in this process: malloc reuses what earlier tests freed.)
  it('control: a loop that keeps its results and its sockets is caught', async () => {
    const transform = Transform.open('skcipher', 'cbc(aes)');
    const kept: unknown[] = [];
    try {
      transform.setKey(key);
      const operation = transform.accept();
      let batch = 0;
      const residue = await residueOf(1000, () => {
        kept.push(operation.repeat(data, { op: 'encrypt', iv }, 1000, data.length).output);
        if (++batch % 10 === 0) kept.push(transform.accept());
      });
      expect(residue.bufferBytes).toBeGreaterThanOrEqual(residentLimit);
      expect(residue.descriptors).toBeGreaterThan(0);
    } finally {
      transform.close();
    }
  }, 900_000);
});
