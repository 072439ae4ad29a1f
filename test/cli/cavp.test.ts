import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AeadCase, DigestCase, SkcipherCase, VectorCase } from '../../src/verify/cases.js';
import { parseVectorFile } from '../../src/verify/cavp.js';
import { requireCavpRoot } from '../helpers/cavp-dir.js';
import { expectKernelRun, hex, kernelHasAfAlg, lines, requireKernelInCi, runInProcess, spawnKcapi } from './helpers.js';

/**
 * NIST CAVP (and RFC) known answers through the command line: every case as a kcapi
 * argv, run in process (a spawn per case would cost seconds in the guest), and the first case
 * of each kind (skcipher, AEAD, digest) also through a spawned `node bin/kcapi.js`. Large
 * files are sampled evenly.
 */

const files = [
  'ciphers/AES/CBC/CBCGFSbox128.rsp',
  'ciphers/AES/CBC/CBCKeySbox192.rsp',
  'ciphers/AES/CBC/CBCVarKey256.rsp',
  'ciphers/AES/CBC/CBCVarTxt128.rsp',
  'ciphers/AES/CBC/CBCMMT128.rsp',
  'ciphers/AES/CBC/CBCMMT192.rsp',
  'ciphers/AES/CBC/CBCMMT256.rsp',
  'ciphers/AES/ECB/ECBGFSbox256.rsp',
  'ciphers/AES/ECB/ECBVarTxt192.rsp',
  'ciphers/AES/ECB/ECBMMT128.rsp',
  'ciphers/AES/ECB/ECBMMT256.rsp',
  'ciphers/AES/CTR/aes-128-ctr.txt',
  'ciphers/AES/CTR/aes-192-ctr.txt',
  'ciphers/AES/CTR/aes-256-ctr.txt',
  'ciphers/AES/XTS/tweak-128hexstr/XTSGenAES128.rsp',
  'ciphers/AES/XTS/tweak-128hexstr/XTSGenAES256.rsp',
  'ciphers/AES/GCM/gcmEncryptExtIV128.rsp',
  'ciphers/AES/GCM/gcmEncryptExtIV256.rsp',
  'ciphers/AES/GCM/gcmDecrypt128.rsp',
  'ciphers/AES/GCM/gcmDecrypt192.rsp',
  'ciphers/AES/CCM/VADT128.rsp',
  'ciphers/AES/CCM/VNT192.rsp',
  'ciphers/AES/CCM/VPT256.rsp',
  'ciphers/AES/CCM/VTT128.rsp',
  'ciphers/AES/CCM/DVPT256.rsp',
  'hashes/SHA1/SHA1ShortMsg.rsp',
  'hashes/SHA1/SHA1LongMsg.rsp',
  'hashes/SHA2/SHA224ShortMsg.rsp',
  'hashes/SHA2/SHA256ShortMsg.rsp',
  'hashes/SHA2/SHA256LongMsg.rsp',
  'hashes/SHA2/SHA384ShortMsg.rsp',
  'hashes/SHA2/SHA512LongMsg.rsp',
  'HMAC/rfc-2202-sha1.txt',
  'HMAC/rfc-4231-sha224.txt',
  'HMAC/rfc-4231-sha256.txt',
  'HMAC/rfc-4231-sha384.txt',
  'HMAC/rfc-4231-sha512.txt',
];

/** Evenly spread over each file: every file's shape is covered; `kcapi vectors` runs them all. */
const maxCasesPerFile = 50;
/** A spawned process costs seconds in the emulated guest: one per kind of operation. */
const spawnedKinds = new Set<RunnableCase['kind']>();
/** Generous: the guest runs under emulation on a shared machine. */
const fileTimeoutMs = 900_000;

type RunnableCase = SkcipherCase | AeadCase | DigestCase;

interface Invocation {
  readonly argv: string[];
  readonly stdout: string;
}

function skcipherInvocation(test: SkcipherCase): Invocation {
  const iv = test.iv.length > 0 ? ['-i', hex(test.iv)] : [];
  const data = test.direction === 'encrypt' ? ['-e', '-p', hex(test.input)] : ['-q', hex(test.input)];
  return { argv: ['-x', '1', '-c', test.algorithm, '-k', hex(test.key), ...iv, ...data], stdout: lines(hex(test.expected)) };
}

function aeadInvocation(test: AeadCase): Invocation {
  const iv = test.algorithm.startsWith('ccm') ? ['-n', hex(test.nonce)] : ['-i', hex(test.iv)];
  const common = ['-x', '2', '-c', test.algorithm, '-k', hex(test.key), ...iv, '-a', hex(test.aad)];
  if (test.direction === 'encrypt') {
    return {
      argv: [...common, '-e', '-p', hex(test.plaintext ?? Buffer.alloc(0)), '-l', String(test.tagLength)],
      stdout: lines(hex(test.ciphertext) + hex(test.tag)),
    };
  }
  const argv = [...common, '-q', hex(test.ciphertext), '-t', hex(test.tag)];
  if (test.expectAuthFailure || test.plaintext === null) return { argv, stdout: lines('EBADMSG') };
  // libkcapi asks for at least one output byte: an empty answer is reported, not printed.
  if (test.aad.length + test.ciphertext.length === 0) {
    return { argv, stdout: lines('Received data length 0 does not match expected length 1') };
  }
  return { argv, stdout: lines(hex(test.plaintext)) };
}

function digestInvocation(test: DigestCase): Invocation {
  const key = test.key === null ? [] : ['-k', hex(test.key), '-b', String(test.expected.length)];
  return { argv: ['-x', '3', '-c', test.algorithm, ...key, '-p', hex(test.message)], stdout: lines(hex(test.expected)) };
}

function invocation(test: RunnableCase): Invocation {
  if (test.kind === 'skcipher') return skcipherInvocation(test);
  if (test.kind === 'aead') return aeadInvocation(test);
  return digestInvocation(test);
}

/**
 * Cases AF_ALG can run as the reference does. gcm(aes) takes only 96-bit IVs (the
 * reference pads or cuts other lengths to 12 bytes, which changes the answer).
 */
function runnable(test: VectorCase): test is RunnableCase {
  if (test.kind === 'aead') return !test.algorithm.startsWith('gcm') || test.iv.length === 12;
  return test.kind === 'skcipher' || (test.kind === 'digest' && (test.key === null || test.key.length > 0));
}

function sample<T>(items: readonly T[], count: number): T[] {
  if (items.length <= count) return [...items];
  return Array.from({ length: count }, (_, i) => items[Math.floor((i * items.length) / count)]!);
}

describe('CAVP known answers through the command line', () => {
  const root = requireCavpRoot();
  for (const file of files) {
    it(
      file,
      async () => {
        requireKernelInCi();
        const parsed = await parseVectorFile(join(root, file));
        expect(parsed.malformed).toEqual([]);
        const cases = parsed.cases.filter(runnable);
        expect(cases.length, `${file} has runnable cases`).toBeGreaterThan(0);
        if (!spawnedKinds.has(cases[0]!.kind)) {
          spawnedKinds.add(cases[0]!.kind);
          const first = invocation(cases[0]!);
          expectKernelRun(spawnKcapi(first.argv), first.stdout);
        }
        if (!kernelHasAfAlg) return;
        for (const test of sample(cases, maxCasesPerFile)) {
          const { argv, stdout } = invocation(test);
          const run = await runInProcess(argv);
          expect({ status: run.status, stdout: run.stdout }, `${test.id}: kcapi ${argv.join(' ')}`).toEqual({ status: 0, stdout });
        }
      },
      fileTimeoutMs,
    );
  }
});
