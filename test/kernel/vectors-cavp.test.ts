/**
 * The NIST CAVP sets (AES, SHA, HMAC, SP 800-108 KDF, a little TDES) through the kernel
 * with the library's vector runner, in this process. Every runnable vector must pass; a
 * vector may be skipped only for a reason AF_ALG itself imposes (listed below) — a missing
 * algorithm (ENOENT) fails the test.
 */
import { release } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { VectorCase } from '../../src/verify/cases.js';
import { collectVectorFiles } from '../../src/verify/discover.js';
import { KernelBackend } from '../../src/verify/kernel-backend.js';
import { runVectorFiles, type CaseResult } from '../../src/verify/runner.js';
import { requireCavpRoot } from '../helpers/cavp-dir.js';
import { requireAfAlg } from '../helpers/kernel.js';

const root = requireCavpRoot();

/** Thousands of kernel requests per test: minutes in an emulated guest on a busy machine. */
const longRun = 1_800_000;

/** What AF_ALG cannot express, whatever the kernel: the only acceptable skips. */
const interfaceLimits = [
  /^gcm\(aes\) takes 12-byte IVs through AF_ALG; this vector's IV has \d+ bytes$/,
  /^the kernel has no CFB with [18]-bit segments$/,
  /^the kernel has no (interleaved|pipelined) TDES/,
  /^the Linux crypto API has no SHA512\/2(24|56)$/,
  /^data unit of \d+ bits is not a whole number of bytes$/,
];

let backend: KernelBackend;

beforeAll(() => {
  requireAfAlg();
  backend = KernelBackend.open();
});

afterAll(() => backend?.close());

interface GroupRun {
  results: CaseResult[];
  passedBy: Map<string, number>;
  skipReasons: Set<string>;
  malformed: number;
}

async function runGroup(paths: string[], select?: (c: VectorCase) => boolean): Promise<GroupRun> {
  const { files } = await collectVectorFiles(paths.map((p) => join(root, p)));
  const results: CaseResult[] = [];
  const summary = await runVectorFiles(files, backend, { result: (r) => results.push(r) }, { select });
  const passedBy = new Map<string, number>();
  const skipReasons = new Set<string>();
  for (const r of results) {
    if (r.status === 'pass') passedBy.set(r.algorithm, (passedBy.get(r.algorithm) ?? 0) + 1);
    if (r.status === 'skip') skipReasons.add(r.reason!);
  }
  return { results, passedBy, skipReasons, malformed: summary.tally.malformed };
}

function expectClean(run: GroupRun): void {
  const failures = run.results.filter((r) => r.status === 'fail').map((r) => `${r.id} ${r.algorithm}: ${r.reason}`);
  expect(failures.slice(0, 10)).toEqual([]);
  expect(run.malformed).toBe(0);
  for (const reason of run.skipReasons)
    expect(
      interfaceLimits.some((limit) => limit.test(reason)),
      reason,
    ).toBe(true);
}

describe('NIST CAVP vectors on the kernel', () => {
  it(
    'AES block modes: CBC, ECB (KAT and MMT), CTR (RFC 3686)',
    async () => {
      const run = await runGroup(['ciphers/AES/CBC', 'ciphers/AES/ECB', 'ciphers/AES/CTR']);
      expectClean(run);
      expect(run.skipReasons.size).toBe(0);
      // Per mode: GFSbox 36, KeySbox 122, MMT 60, VarKey 1152, VarTxt 768 over the three key sizes.
      expect(run.passedBy.get('cbc(aes)')).toBe(2138);
      expect(run.passedBy.get('ecb(aes)')).toBe(2138);
      expect(run.passedBy.get('ctr(aes)')).toBe(9);
    },
    longRun,
  );

  it(
    'AES OFB and CFB128 (KAT and MMT; CFB1/CFB8 have no kernel mode)',
    async () => {
      const run = await runGroup(['ciphers/AES/OFB', 'ciphers/AES/CFB']);
      const missing = [...run.skipReasons].filter((reason) => /bind ENOENT/.test(reason));
      if (release().startsWith('6.1.') || missing.length === 0) {
        expectClean(run);
        expect(run.passedBy.get('ofb(aes)')).toBe(2138);
        expect(run.passedBy.get('cfb(aes)')).toBe(2138);
      } else {
        // Newer mainline kernels dropped the ofb and cfb templates: each vector says so.
        expect(missing.every((reason) => /^the kernel has no skcipher (ofb|cfb)\(aes\) \(bind ENOENT\)$/.test(reason))).toBe(true);
        expect(run.results.filter((r) => r.status === 'fail')).toEqual([]);
      }
    },
    longRun,
  );

  it(
    'AES XTS, both tweak formats',
    async () => {
      const run = await runGroup(['ciphers/AES/XTS']);
      expectClean(run);
      // 4 files of 1000 records; 300 per file have data units of 130, 140 or 250 bits.
      expect(run.passedBy.get('xts(aes)')).toBe(4 * 1000 - run.results.filter((r) => r.status === 'skip').length);
      expect(run.passedBy.get('xts(aes)')).toBeGreaterThan(2500);
    },
    longRun,
  );

  it(
    'AES GCM encryption and decryption, including tags that must be rejected',
    async () => {
      const run = await runGroup(['ciphers/AES/GCM']);
      expectClean(run);
      // A third of the records use a 96-bit IV, the only length AF_ALG's gcm(aes) takes.
      expect(run.passedBy.get('gcm(aes)')).toBe((6 * 7875) / 3);
    },
    longRun,
  );

  it(
    'AES CCM: VADT, VNT, VPT, VTT and DVPT (with failing tags)',
    async () => {
      const run = await runGroup(['ciphers/AES/CCM']);
      expectClean(run);
      expect(run.skipReasons.size).toBe(0);
      expect(run.passedBy.get('ccm(aes)')).toBe(3 * (330 + 70 + 250 + 70 + 240));
    },
    longRun,
  );

  it(
    'SHA-1, SHA-2 and SHA-3 short and long messages, and the first Monte Carlo checkpoints',
    async () => {
      const monteHead = (c: VectorCase) => c.kind !== 'monte' || /COUNT=[01]$/.test(c.id);
      const run = await runGroup(
        [
          'hashes/SHA1',
          'hashes/SHA2',
          'hashes/SHA3',
          'hashes/SHA1/SHA1Monte.rsp',
          'hashes/SHA2/SHA256Monte.rsp',
          'hashes/SHA2/SHA512Monte.rsp',
          'hashes/SHA3/SHA3_256Monte.rsp',
        ],
        monteHead,
      );
      expectClean(run);
      for (const algorithm of ['sha1', 'sha224', 'sha256', 'sha384', 'sha512', 'sha3-224', 'sha3-256', 'sha3-384', 'sha3-512']) {
        expect(run.passedBy.get(algorithm), algorithm).toBeGreaterThan(100);
      }
      expect(run.results.filter((r) => r.kind === 'monte' && r.status === 'pass')).toHaveLength(8);
    },
    longRun,
  );

  it(
    'HMAC (RFC 2202, 2286, 4231)',
    async () => {
      const run = await runGroup(['HMAC']);
      expectClean(run);
      expect(run.skipReasons.size).toBe(0);
      expect([...run.passedBy.values()].reduce((a, b) => a + b, 0)).toBe(7 + 7 + 7 + 4 * 6);
    },
    longRun,
  );

  it(
    'SP 800-108 counter-mode KDF over kernel HMAC and CMAC (AES, TDES): every block, 1 record in 10',
    async () => {
      // 4800 records in 120 blocks of PRF × counter location × counter width: the first
      // records of every block cover each combination.
      const run = await runGroup(['KDF/nist-800-108-KBKDF-CTR.txt'], (c) => /COUNT=[0-3]$/.test(c.id));
      expectClean(run);
      expect(run.skipReasons.size).toBe(0);
      expect(run.passedBy.get('cmac(aes)')).toBe(3 * 4 * 12);
      expect(run.passedBy.get('cmac(des3_ede)')).toBe(2 * 4 * 12);
      expect(run.passedBy.get('hmac(sha256)')).toBe(4 * 12);
    },
    longRun,
  );

  it(
    'TDES CBC and ECB multi-block messages',
    async () => {
      const run = await runGroup(['ciphers/3DES/CBC/TCBCMMT2.rsp', 'ciphers/3DES/CBC/TCBCMMT3.rsp', 'ciphers/3DES/ECB/TECBMMT3.rsp']);
      expectClean(run);
      expect(run.passedBy.get('cbc(des3_ede)')).toBe(40);
      expect(run.passedBy.get('ecb(des3_ede)')).toBe(20);
    },
    longRun,
  );
});
