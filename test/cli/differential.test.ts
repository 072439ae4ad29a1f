import { createCipheriv, createHash, createHmac } from 'node:crypto';
import { randomBytes, randomInt } from '../helpers/seeded-random.js';
import { describe, expect, it } from 'vitest';
import { expectKernelRun, hex, kernelHasAfAlg, lines, requireKernelInCi, runInProcess } from './helpers.js';

/**
 * The CLI's operations against node:crypto over random keys, IVs and lengths
 * (0, 1, 15, 16, 65537, 1 MiB where the mode allows them). Run in process: the same
 * code path as the command line minus the process start.
 */

const sizes = [0, 1, 15, 16, 17, 4096, 65536, 65537, 1 << 20];

interface SkcipherCase {
  readonly kernel: string;
  readonly node: (keyBytes: number) => string;
  readonly keyBytes: readonly number[];
  readonly ivBytes: number;
  readonly accepts: (size: number) => boolean;
}

const skciphers: readonly SkcipherCase[] = [
  { kernel: 'cbc(aes)', node: (k) => `aes-${k * 8}-cbc`, keyBytes: [16, 24, 32], ivBytes: 16, accepts: (n) => n > 0 && n % 16 === 0 },
  { kernel: 'ecb(aes)', node: (k) => `aes-${k * 8}-ecb`, keyBytes: [16, 32], ivBytes: 0, accepts: (n) => n > 0 && n % 16 === 0 },
  { kernel: 'ctr(aes)', node: (k) => `aes-${k * 8}-ctr`, keyBytes: [16, 24, 32], ivBytes: 16, accepts: (n) => n > 0 },
  // XTS does not carry its tweak across requests: one request is at most 64 KiB here.
  { kernel: 'xts(aes)', node: (k) => `aes-${k * 4}-xts`, keyBytes: [32, 64], ivBytes: 16, accepts: (n) => n >= 16 && n <= 65536 },
];

function nodeEncrypt(cipherCase: SkcipherCase, key: Buffer, iv: Buffer, input: Buffer): Buffer {
  const engine = createCipheriv(cipherCase.node(key.length), key, cipherCase.ivBytes === 0 ? null : iv);
  engine.setAutoPadding(false);
  return Buffer.concat([engine.update(input), engine.final()]);
}

describe('-x 1 against node:crypto', () => {
  for (const cipherCase of skciphers) {
    it(`${cipherCase.kernel}: random keys, IVs and lengths, both directions, one-shot and -s`, async () => {
      requireKernelInCi();
      for (const size of sizes.filter(cipherCase.accepts)) {
        const key = randomBytes(cipherCase.keyBytes[randomInt(cipherCase.keyBytes.length)]!);
        const iv = randomBytes(cipherCase.ivBytes);
        const plain = randomBytes(size);
        const cipherText = nodeEncrypt(cipherCase, key, iv, plain);
        const ivArgs = cipherCase.ivBytes === 0 ? [] : ['-i', hex(iv)];
        const common = ['-x', '1', '-c', cipherCase.kernel, '-k', hex(key), ...ivArgs];
        const label = `${cipherCase.kernel} ${size} bytes`;
        const encrypted = await runInProcess([...common, '-e', '-p', hex(plain)]);
        expectKernelRun(encrypted, lines(hex(cipherText)));
        if (!kernelHasAfAlg) return;
        const decrypted = await runInProcess([...common, '-q', hex(cipherText), ...(size % 2 ? ['-v'] : [])]);
        expect(decrypted, label).toEqual({ status: 0, stdout: lines(hex(plain)), stderr: '' });
        if (size <= 65536 && cipherCase.kernel !== 'ecb(aes)') {
          // -s -d 2: the second line continues where the first ended.
          const twice = nodeEncrypt(cipherCase, key, iv, Buffer.concat([plain, plain]));
          if (cipherCase.kernel === 'xts(aes)') continue;
          const streamed = await runInProcess([...common, '-e', '-s', '-d', '2', '-p', hex(plain)]);
          if (size % 16 !== 0) {
            // Announced more data: the kernel would wait for a whole 16-byte chunk; refused.
            expect(streamed, label).toEqual({ status: 1, stdout: lines('Failed to invoke testing'), stderr: '' });
            continue;
          }
          expect(streamed, label).toEqual({
            status: 0,
            stdout: lines(hex(twice.subarray(0, size)), hex(twice.subarray(size))),
            stderr: '',
          });
        }
      }
    });
  }

  it('an empty input is refused as by the reference (only the trailer)', async () => {
    const run = await runInProcess(['-x', '1', '-e', '-c', 'cbc(aes)', '-k', '00'.repeat(16), '-p', '']);
    expect(run).toEqual({ status: 1, stdout: lines('Failed to invoke testing'), stderr: '' });
  });
});

describe('-x 2 against node:crypto', () => {
  const aeads = [
    { kernel: 'gcm(aes)', node: (k: number) => `aes-${k * 8}-gcm`, ivBytes: 12, tags: [16, 12, 8, 4] },
    // An 11-byte nonce leaves 4 bytes of length: room for messages over 64 KiB.
    { kernel: 'ccm(aes)', node: (k: number) => `aes-${k * 8}-ccm`, ivBytes: 11, tags: [16, 8, 4] },
  ] as const;

  for (const aead of aeads) {
    it(`${aead.kernel}: random keys, nonces, AAD and lengths, both directions`, async () => {
      requireKernelInCi();
      for (const size of [0, 1, 15, 16, 4097, 65537]) {
        const key = randomBytes([16, 24, 32][randomInt(3)]!);
        const nonce = randomBytes(aead.ivBytes);
        const aad = randomBytes(randomInt(0, 64));
        const tagLength = aead.tags[randomInt(aead.tags.length)]!;
        // (node's CCM needs an update call even for an empty message; randomBytes(0) skips it)
        const plain = size === 0 ? Buffer.alloc(0) : randomBytes(size);
        const options = { authTagLength: tagLength } as const;
        const cipher = createCipheriv(aead.node(key.length) as 'aes-128-gcm', key, nonce, options);
        cipher.setAAD(aad, { plaintextLength: size });
        const sealed = Buffer.concat([cipher.update(plain), cipher.final()]);
        const tag = cipher.getAuthTag();
        const ivArgs = aead.kernel === 'ccm(aes)' ? ['-n', hex(nonce)] : ['-i', hex(nonce)];
        const common = ['-x', '2', '-c', aead.kernel, '-k', hex(key), ...ivArgs, '-a', hex(aad)];
        const encrypted = await runInProcess([...common, '-e', '-p', hex(plain), '-l', String(tagLength)]);
        expectKernelRun(encrypted, lines(hex(sealed) + hex(tag)));
        if (!kernelHasAfAlg) return;
        const label = `${aead.kernel} ${size} bytes, tag ${tagLength}`;
        const decrypted = await runInProcess([...common, '-q', hex(sealed), '-t', hex(tag)]);
        // libkcapi asks for at least one output byte and reports the kernel's empty answer.
        const plainLine = aad.length + size === 0 ? 'Received data length 0 does not match expected length 1' : hex(plain);
        expect(decrypted, label).toEqual({ status: 0, stdout: lines(plainLine), stderr: '' });
        const streamed = await runInProcess([...common, '-e', '-s', '-p', hex(plain), '-l', String(tagLength), '-u']);
        expect(streamed, label).toEqual({ status: 0, stdout: lines(hex(aad) + hex(sealed) + hex(tag)), stderr: '' });
        const forged = Buffer.from(tag);
        forged[0]! ^= 1;
        const rejected = await runInProcess([...common, '-q', hex(sealed), '-t', hex(forged)]);
        expect(rejected, label).toEqual({ status: 0, stdout: lines('EBADMSG'), stderr: '' });
      }
    });
  }
});

describe('-x 3 against node:crypto', () => {
  it('digests and HMACs of random messages and keys (also longer than a block)', async () => {
    requireKernelInCi();
    for (const algorithm of ['sha1', 'sha224', 'sha256', 'sha384', 'sha512']) {
      for (const size of [0, 1, 63, 64, 65537, 1 << 20]) {
        const message = randomBytes(size);
        const digest = await runInProcess(['-x', '3', '-c', algorithm, '-p', hex(message)]);
        expectKernelRun(digest, lines(createHash(algorithm).update(message).digest('hex')));
        if (!kernelHasAfAlg) return;
        const key = randomBytes(randomInt(1, 200));
        const mac = await runInProcess(['-x', '3', '-c', `hmac(${algorithm})`, '-k', hex(key), '-p', hex(message), '-s']);
        expect(mac.stdout, `hmac(${algorithm}) ${size}`).toBe(lines(createHmac(algorithm, key).update(message).digest('hex')));
      }
    }
  });
});
