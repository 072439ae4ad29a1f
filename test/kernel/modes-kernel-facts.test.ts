// What AIO on AF_ALG operation sockets really does on each guest kernel (measured, see
// docs/af-alg.md, "IVs between requests"), asserted per kernel generation:
// - 6.1 (Debian 6.1.0-56) and 6.12: skcipher requests complete inside io_submit (the 2026
//   stable kernels made skcipher AIO synchronous), so the kernel itself chains them;
// - 6.12 (v6.8+): with an asynchronous AEAD implementation (cryptd) a request can still be in
//   flight when io_submit returns, and the next one on that socket fails with EBUSY: the
//   modes resubmit it, one request per io_submit from then on, and the results stay right;
// - 7.x (sid, 7.2.13): AIO on sockets was removed; io_submit still accepts the PREADs and
//   completes them inside the call (measured), so the same chained results come back.
import { release } from 'node:os';
import { describe, expect, it } from 'vitest';

import { Transform, algorithmInfo } from '../../src/kernel/index.js';
import { AioReader } from '../../src/modes/aio-context.js';
import { openDescriptorCount, requireAfAlg } from '../helpers/kernel.js';
import { algorithm, mismatches, runCase } from './modes-helpers.js';

requireAfAlg();

const [major = 0, minor = 0] = release().split('.').map(Number);
const generation = major >= 7 ? 'no-socket-aio' : major === 6 && minor >= 8 ? 'single-in-flight' : 'before-v6.8';
const cryptdGcm = 'cryptd(gcm_base(ctr(aes-generic),ghash-generic))';

describe(`AIO facts on ${release()} (${generation})`, () => {
  it('a batch of 64 skcipher requests: every one completed inside io_submit, fully chained', async () => {
    const { check, run } = await runCase(algorithm('cbc(aes)'), { mode: 'chained', handles: 1, requests: 64, size: 16 });
    const stats = run.handles[0]!.stats;
    expect(check.passed, mismatches(check)).toBe(true);
    expect(check.counts.chained).toBe(63);
    expect(stats.submitCalls).toBe(1);
    expect({ inFlight: stats.inFlightAtSubmit, completedInside: stats.completedInSubmit, retries: stats.retries }).toEqual({
      inFlight: 0,
      completedInside: 64,
      retries: {},
    });
  });

  // Tests that apply to one generation only are not registered elsewhere (a skip fails CI).
  if (generation !== 'no-socket-aio')
    it('an asynchronous skcipher implementation (cryptd) completes inside io_submit too', async () => {
      const { check, run, driver } = await runCase(algorithm('cbc(aes)'), {
        mode: 'chained',
        handles: 1,
        requests: 64,
        size: 64,
        bindName: 'cryptd(cbc(aes-generic))',
      });
      expect(driver).toBe('cryptd(cbc(aes-generic))');
      expect(check.passed, mismatches(check)).toBe(true);
      expect(run.handles[0]!.stats.inFlightAtSubmit).toBe(0);
    });

  // Whether cryptd's worker finishes before io_submit returns is a race (2 emulated CPUs):
  // a run counts once a request was still in flight; every run's results must be right.
  async function untilInFlight(options: Parameters<typeof runCase>[1], attempts = 6) {
    let last: Awaited<ReturnType<typeof runCase>> | undefined;
    for (let attempt = 0; attempt < attempts; attempt++) {
      last = await runCase(algorithm('gcm(aes)'), options);
      expect(last.check.passed, mismatches(last.check)).toBe(true);
      if (last.run.handles[0]!.stats.inFlightAtSubmit > 0) break;
    }
    return last!;
  }

  if (generation === 'single-in-flight')
    it('v6.8+: an asynchronous AEAD request stays in flight and the next one gets EBUSY; resubmitted, all results are right', async () => {
      const { run, driver } = await untilInFlight({
        mode: 'chained',
        handles: 1,
        requests: 16,
        size: 64,
        direction: 'decrypt',
        tamper: 9,
        bindName: cryptdGcm,
      });
      expect(driver).toBe(cryptdGcm);
      const stats = run.handles[0]!.stats;
      expect(stats.inFlightAtSubmit).toBeGreaterThan(0);
      expect(stats.retries.EBUSY ?? 0).toBeGreaterThan(0);
      expect(stats.serialized).toBe(true);
      expect(run.reads.flatMap((read, index) => ('error' in read ? [[index, read.error]] : []))).toEqual([[9, 'EBADMSG']]);
      // The same with the event loop watching the eventfd for the requests still in flight.
      const watched = await untilInFlight({
        mode: 'chained',
        handles: 1,
        requests: 16,
        size: 64,
        direction: 'decrypt',
        bindName: cryptdGcm,
        path: 'event',
      });
      expect(watched.run.handles[0]!.stats.inFlightAtSubmit).toBeGreaterThan(0);
    });

  if (generation === 'before-v6.8')
    it('6.1: the asynchronous cryptd gcm instance cannot be bound for AF_ALG', () => {
      // Measured on 6.1.0-56: ENOENT on the first bind (the instance is created), then ELIBBAD.
      const codes: string[] = [];
      for (let attempt = 0; attempt < 2; attempt++) {
        try {
          Transform.open('aead', cryptdGcm).close();
          codes.push('bound');
        } catch (error) {
          codes.push((error as { code: string }).code);
        }
      }
      expect(
        codes.every((code) => code === 'ENOENT' || code === 'ELIBBAD'),
        codes.join(),
      ).toBe(true);
    });

  // Which gcm(aes) is preferred depends on the modules loaded so far (6.12: gcm_base(ctr(aes-generic),...)
  // until aesni_intel is loaded, then the asynchronous generic-gcm-aesni).
  it('a batch of AEAD requests on the preferred gcm(aes) implementation: right results; a synchronous one completes inside io_submit', async () => {
    const { check, run, driver } = await runCase(algorithm('gcm(aes)'), { mode: 'chained', handles: 1, requests: 32, size: 32 });
    expect(check.passed, mismatches(check)).toBe(true);
    const asynchronous = algorithmInfo(driver, { type: 'aead' }).async;
    if (!asynchronous || generation === 'before-v6.8') expect(run.handles[0]!.stats.inFlightAtSubmit, driver).toBe(0);
  });

  it('AIO contexts leave no descriptor behind (eventfd, io context)', async () => {
    const transform = Transform.open('skcipher', 'cbc(aes)');
    try {
      transform.setKey(Buffer.alloc(16));
      const before = openDescriptorCount();
      for (let round = 0; round < 50; round++) {
        const operation = transform.accept();
        const reader = new AioReader(operation, round % 2 === 0 ? 'event' : 'thread');
        operation.send(Buffer.alloc(32), { op: 'encrypt', iv: Buffer.alloc(16) });
        const result = await reader.submitReads([Buffer.alloc(16), Buffer.alloc(16)]);
        expect(result.results).toEqual([16, 16]);
        reader.close();
        operation.close();
      }
      expect(openDescriptorCount()).toBe(before);
    } finally {
      transform.close();
    }
  });

  it('the AIO context refuses a closed socket and closes idempotently', async () => {
    const transform = Transform.open('skcipher', 'cbc(aes)');
    try {
      transform.setKey(Buffer.alloc(16));
      const operation = transform.accept();
      const reader = new AioReader(operation, 'sync');
      operation.close();
      await expect(reader.submitReads([Buffer.alloc(16)])).rejects.toMatchObject({ code: 'EBADF', syscall: 'io_submit' });
      reader.close();
      reader.close();
    } finally {
      transform.close();
    }
  });
});
