/**
 * `kcapi info` and `kcapi drivers` as commands: JSON shapes, exit statuses, and on a
 * kernel with AF_ALG (the guest) what they must find there.
 */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { bin, kernelHasAfAlg, requireKernelInCi, spawnKcapi, type Run } from './helpers.js';

/** `kcapi info` probes load kernel modules: minutes in an emulated guest on a busy machine. */
const slow = 1_200_000;

function spawnSlow(args: readonly string[]): Run {
  const child = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', timeout: slow, maxBuffer: 16 << 20 });
  if (child.error) throw child.error;
  return { status: child.status ?? -1, stdout: child.stdout, stderr: child.stderr };
}

describe('kcapi info', () => {
  it(
    '--json: the kcapi-info/1 document, exit 0 with or without AF_ALG',
    () => {
      requireKernelInCi();
      const run = spawnSlow(['info', '--json']);
      expect(run.status).toBe(0);
      const info = JSON.parse(run.stdout);
      expect(Object.keys(info)).toEqual([
        'schema',
        'kernel',
        'afAlg',
        'socketTypes',
        'aio',
        'splice',
        'socketLimits',
        'cryptoUser',
        'fipsEnabled',
      ]);
      expect(info.schema).toBe('kcapi-info/1');
      expect(Object.keys(info.kernel)).toEqual(['release', 'version', 'machine']);
      expect(Object.keys(info.socketLimits)).toEqual(['optmem_max', 'wmem_default', 'wmem_max', 'rmem_default', 'rmem_max']);
      expect(info.socketLimits.optmem_max).toBeGreaterThan(0);
      if (!kernelHasAfAlg) {
        expect(info.afAlg).toEqual({ available: false, detail: 'this kernel has no AF_ALG sockets (socket EAFNOSUPPORT)' });
        expect(info.socketTypes).toBeNull();
        expect(info.aio.status).toBe('unknown');
        return;
      }
      expect(info.afAlg.available).toBe(true);
      expect(Object.keys(info.socketTypes)).toEqual(['skcipher', 'aead', 'hash', 'rng', 'akcipher', 'kpp']);
      for (const type of ['skcipher', 'aead', 'hash']) {
        expect(info.socketTypes[type], type).toMatchObject({ available: true, algorithm: expect.any(String) });
      }
      // Mainline kernels have no akcipher/kpp sockets (out-of-tree patches only).
      expect(info.socketTypes.akcipher.available).toBe(false);
      expect(info.socketTypes.akcipher.failures[0]).toEqual({ algorithm: 'rsa', error: 'bind ENOENT' });
      expect(['asynchronous', 'synchronous', 'unsupported']).toContain(info.aio.status);
      if (info.aio.status !== 'unsupported') {
        expect(info.aio.inFlightAtSubmit + info.aio.completedInSubmit).toBeGreaterThan(0);
        expect(['chained', 'independent', null]).toContain(info.aio.output);
      }
      expect(['zero-copy', 'copied']).toContain(info.splice.status);
      expect(info.cryptoUser).toMatchObject({ available: true, algorithms: expect.any(Number) });
      expect(typeof info.fipsEnabled).toBe('boolean');
    },
    slow,
  );

  it(
    'text: one aligned line per fact',
    () => {
      const run = spawnSlow(['info']);
      expect(run.status).toBe(0);
      const lines = run.stdout.trimEnd().split('\n');
      expect(lines[0]).toMatch(/^Kernel: +\S+/);
      expect(lines[1]).toMatch(kernelHasAfAlg ? /^AF_ALG: +available$/ : /^AF_ALG: +unavailable: this kernel has no AF_ALG sockets/);
      expect(lines.some((line) => /^net\.core\.optmem_max: +\d+ bytes$/.test(line))).toBe(true);
      expect(lines.some((line) => /^FIPS mode: +(enabled|disabled|not supported by this kernel)$/.test(line))).toBe(true);
    },
    slow,
  );

  it('rejects operands and unknown options with exit 2', () => {
    for (const args of [['extra'], ['--verbose']]) {
      const run = spawnKcapi(['info', ...args]);
      expect(run.status).toBe(2);
      expect(run.stdout).toBe('');
    }
  });
});

describe('kcapi drivers', () => {
  it(
    'cbc(aes): the AES-NI driver and the generic instance in the guest',
    () => {
      requireKernelInCi();
      const run = spawnSlow(['drivers', 'cbc(aes)']);
      if (!kernelHasAfAlg) {
        // Without AF_ALG nothing can be instantiated: whatever /proc/crypto lists, or exit 3.
        expect([0, 3]).toContain(run.status);
        expect(run.stderr).toMatch(/^kcapi: drivers: this kernel has no AF_ALG sockets/);
        return;
      }
      expect(run.status).toBe(0);
      const lines = run.stdout.trimEnd().split('\n');
      expect(lines[0]).toMatch(/^cbc\(aes\): \d+ implementations, the kernel binds cbc-aes-aesni$/);
      expect(lines[1]).toMatch(/^ {2}DRIVER +PRIORITY +MODULE +SELFTEST +MODE +TYPE +BLOCK +IV +KEY +TAG +DIGEST$/);
      expect(lines).toContainEqual(
        expect.stringMatching(/^\* cbc-aes-aesni +\d+ +aesni_intel +passed +async +skcipher +16 +16 +16-32 +- +-$/),
      );
      expect(lines).toContainEqual(
        expect.stringMatching(/^ {2}cbc\(aes-generic\) +\d+ +kernel +passed +sync +skcipher +16 +16 +16-32 +- +-$/),
      );
    },
    slow,
  );

  it('--json: the kcapi-drivers/1 document', () => {
    const run = spawnKcapi(['drivers', '--json', 'sha256']);
    if (!kernelHasAfAlg && run.status === 3) return expect(run.stderr).toMatch(/no algorithm sha256/);
    expect(run.status).toBe(0);
    const doc = JSON.parse(run.stdout);
    expect(doc).toMatchObject({ schema: 'kcapi-drivers/1', query: 'sha256', algorithm: 'sha256' });
    expect(doc.drivers.length).toBeGreaterThan(0);
    for (const driver of doc.drivers) expect(driver).toMatchObject({ name: 'sha256', digestSize: 32, blockSize: 64 });
  });

  it('an unknown algorithm exits 3; two names exit 2', () => {
    const unknown = spawnKcapi(['drivers', 'no-such-algorithm-xyz']);
    expect(unknown.status).toBe(3);
    expect(unknown.stderr).toMatch(/kcapi: the kernel has no algorithm no-such-algorithm-xyz/);
    const two = spawnKcapi(['drivers', 'sha1', 'sha256']);
    expect(two.status).toBe(2);
  });
});
