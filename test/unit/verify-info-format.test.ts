import { describe, expect, it } from 'vitest';
import type { KernelInfo } from '../../src/kernel-info/collect.js';
import { formatKernelInfo } from '../../src/kernel-info/format.js';

const limits = { optmem_max: 20480, wmem_default: 212992, wmem_max: 212992, rmem_default: 212992, rmem_max: 212992 };

describe('kcapi info text', () => {
  it('a kernel with AF_ALG: socket types, AIO, splice, limits, netlink, FIPS', () => {
    const info: KernelInfo = {
      schema: 'kcapi-info/1',
      kernel: { release: '6.1.0-56-amd64', version: '#1 SMP', machine: 'x86_64' },
      afAlg: { available: true, detail: 'socket(AF_ALG) works' },
      socketTypes: {
        skcipher: { available: true, algorithm: 'cbc(aes)', failures: [], moduleLoaded: true },
        aead: { available: true, algorithm: 'gcm(aes)', failures: [], moduleLoaded: true },
        hash: { available: true, algorithm: 'sha256', failures: [], moduleLoaded: true },
        rng: { available: false, algorithm: null, failures: [{ algorithm: 'stdrng', error: 'bind ENOENT' }], moduleLoaded: true },
        akcipher: { available: false, algorithm: null, failures: [{ algorithm: 'rsa', error: 'bind ENOENT' }], moduleLoaded: false },
        kpp: { available: false, algorithm: null, failures: [{ algorithm: 'dh', error: 'bind ENOENT' }], moduleLoaded: false },
      },
      aio: {
        status: 'synchronous',
        detail: 'all 4 requests completed inside io_submit; output chained',
        algorithm: 'cbc(aes)',
        driver: 'cbc-aes-aesni',
        requests: 4,
        inFlightAtSubmit: 0,
        completedInSubmit: 4,
        errors: {},
        output: 'chained',
      },
      splice: { status: 'copied', detail: 'works; the kernel copied the data during splice' },
      socketLimits: limits,
      cryptoUser: { available: true, algorithms: 61, detail: 'CRYPTO_MSG_GETALG answered with 61 algorithms' },
      fipsEnabled: false,
    };
    expect(formatKernelInfo(info)).toEqual([
      'Kernel:                6.1.0-56-amd64 (x86_64) #1 SMP',
      'AF_ALG:                available',
      '  skcipher:            yes (bound cbc(aes))',
      '  aead:                yes (bound gcm(aes))',
      '  hash:                yes (bound sha256)',
      '  rng:                 no (stdrng: bind ENOENT; algif module loaded: the algorithms are missing)',
      '  akcipher:            no (rsa: bind ENOENT)',
      '  kpp:                 no (dh: bind ENOENT)',
      'AIO:                   synchronous (all 4 requests completed inside io_submit; output chained)',
      'splice:                copied (works; the kernel copied the data during splice)',
      'net.core.optmem_max:   20480 bytes',
      'net.core.wmem_default: 212992 bytes',
      'net.core.wmem_max:     212992 bytes',
      'net.core.rmem_default: 212992 bytes',
      'net.core.rmem_max:     212992 bytes',
      'crypto_user:           available (CRYPTO_MSG_GETALG answered with 61 algorithms)',
      'FIPS mode:             disabled',
    ]);
  });

  it('a kernel without AF_ALG says so and still reports the rest', () => {
    const lines = formatKernelInfo({
      schema: 'kcapi-info/1',
      kernel: { release: '6.18.0', version: '#1', machine: 'x86_64' },
      afAlg: { available: false, detail: 'this kernel has no AF_ALG sockets (socket EAFNOSUPPORT)' },
      socketTypes: null,
      aio: { status: 'unknown', detail: 'AF_ALG unavailable' },
      splice: { status: 'unknown', detail: 'AF_ALG unavailable' },
      socketLimits: { ...limits, optmem_max: null },
      cryptoUser: { available: false, algorithms: null, detail: 'no NETLINK_CRYPTO (crypto_user not built or not loaded)' },
      fipsEnabled: null,
    });
    expect(lines[1]).toBe('AF_ALG:                unavailable: this kernel has no AF_ALG sockets (socket EAFNOSUPPORT)');
    expect(lines).toContain('AIO:                   unknown (AF_ALG unavailable)');
    expect(lines).toContain('net.core.optmem_max:   unknown');
    expect(lines.at(-1)).toBe('FIPS mode:             not supported by this kernel');
  });
});
