/**
 * kcapi -x 5, 6, 7, 8, 12 through the command line, against published vectors (docs/reference-cli.md §9):
 * the must-show RFC 6070 line from the built binary, the rest in-process.
 */
import { describe, expect, it } from 'vitest';
import {
  hkdfRfc5869Vectors,
  kbkdfCounterVectors,
  kbkdfDoublePipelineVectors,
  kbkdfFeedbackVectors,
  pbkdf2Rfc6070Argv,
  pbkdf2Rfc6070Vectors,
  pbkdf2Sha256Vectors,
} from '../helpers/kdf-vectors.js';
import { hex, kernelHasAfAlg, lines, requireKernelInCi, runInProcess, spawnKcapi, type Run } from './helpers.js';

/** On a kernel: exactly this stdout and status. Without AF_ALG (outside CI): status 3. */
function expectRun(run: Run, stdout: string, status = 0): void {
  requireKernelInCi();
  if (kernelHasAfAlg) expect({ status: run.status, stdout: run.stdout }).toEqual({ status, stdout });
  else expect(run.status).toBe(3);
}

describe('kcapi -x 8 (PBKDF2)', () => {
  it('prints RFC 6070 case 3 from the built binary', () => {
    const run = spawnKcapi(['-x', '8', '-c', 'hmac(sha1)', '-p', '70617373776f7264', '-k', '73616c74', '-d', '4096', '-b', '20']);
    expectRun(run, '4b007901b765489abead49d926f721d065a429c1\n');
    if (kernelHasAfAlg) expect(run.stderr).toBe('');
  });

  it.each(pbkdf2Rfc6070Vectors(100_000).map((v) => [v.name, v] as const))('%s', async (_name, v) => {
    const run = await runInProcess(pbkdf2Rfc6070Argv(v));
    expectRun(run, lines(hex(v.expected)));
  });

  it.each(pbkdf2Sha256Vectors.filter((v) => v.iterations <= 4096).map((v) => [v.name, v] as const))('%s', async (_name, v) => {
    const run = await runInProcess([
      '-x',
      '8',
      '-c',
      'hmac(sha256)',
      '-p',
      hex(v.password),
      '-k',
      hex(v.salt),
      '-d',
      String(v.iterations),
      '-b',
      String(v.expected.length),
    ]);
    expectRun(run, lines(hex(v.expected)));
  });

  it('an empty password is a present zero-length key (libgcrypt t-kdf vector)', async () => {
    const run = await runInProcess(['-x', '8', '-c', 'hmac(sha1)', '-k', '73616c74', '-p', '', '-d', '2', '-b', '20']);
    expectRun(run, lines('133a4ce837b4d2521ee2bf03e11c71ca794e0797'));
  });

  it('-d 0 prints the suggested iteration count: a power of two, at least 2^16', async () => {
    const run = await runInProcess(['-x', '8', '-c', 'hmac(sha1)', '-d', '0']);
    requireKernelInCi();
    if (!kernelHasAfAlg) return expect(run.status).toBe(3);
    expect(run.status).toBe(0);
    const match = /^PBKDF suggested iteration count: (\d+)\n$/.exec(run.stdout);
    expect(match, run.stdout).not.toBeNull();
    const count = Number(match![1]);
    expect(count).toBeGreaterThanOrEqual(65536);
    expect(Math.log2(count) % 1).toBe(0);
  });
});

describe('kcapi -x 5, 6, 7 (SP 800-108)', () => {
  const counter = kbkdfCounterVectors().filter((v) => v.name.endsWith('COUNT=0') || v.name.endsWith('COUNT=39'));

  it.each(counter.map((v) => [v.name, v] as const))('-x 5 NIST CAVP %s', async (_name, v) => {
    const run = await runInProcess([
      '-x',
      '5',
      '-c',
      v.kernelPrf,
      '-k',
      hex(v.keyIn),
      '-p',
      hex(v.fixedInput),
      '-b',
      String(v.expected.length),
    ]);
    expectRun(run, lines(hex(v.expected)));
  });

  it.each(kbkdfFeedbackVectors.map((v) => [v.name, v] as const))('-x 6 NIST CAVP %s', async (_name, v) => {
    const run = await runInProcess([
      '-x',
      '6',
      '-c',
      v.kernelPrf,
      '-k',
      hex(v.keyIn),
      '-p',
      hex(v.fixedInput),
      '-b',
      String(v.expected.length),
    ]);
    expectRun(run, lines(hex(v.expected)));
  });

  it.each(kbkdfDoublePipelineVectors.map((v) => [v.name, v] as const))('-x 7 NIST CAVP %s', async (_name, v) => {
    const run = await runInProcess([
      '-x',
      '7',
      '-c',
      v.kernelPrf,
      '-k',
      hex(v.keyIn),
      '-p',
      hex(v.fixedInput),
      '-b',
      String(v.expected.length),
    ]);
    expectRun(run, lines(hex(v.expected)));
  });

  it('-d N prints N lines; -b 0 prints an empty line', async () => {
    const v = counter[0]!;
    const args = ['-x', '5', '-c', v.kernelPrf, '-k', hex(v.keyIn), '-p', hex(v.fixedInput)];
    expectRun(await runInProcess([...args, '-b', String(v.expected.length), '-d', '3']), lines(...Array(3).fill(hex(v.expected))));
    expectRun(await runInProcess([...args, '-b', '0']), '\n');
  });

  it('feedback mode with less input than the IV fails like the reference', async () => {
    const run = await runInProcess(['-x', '6', '-c', 'hmac(sha256)', '-k', '00', '-p', '00'.repeat(31), '-b', '16']);
    expectRun(run, lines('KDF generation failed', 'Failed to invoke testing'), 1);
  });

  it('an HMAC without a key fails at the first PRF call (ENOKEY)', async () => {
    const run = await runInProcess(['-x', '5', '-c', 'hmac(sha256)', '-p', '00', '-b', '16']);
    expectRun(run, lines('KDF generation failed', 'Failed to invoke testing'), 1);
  });

  it('an unknown PRF is an allocation failure with status 3', async () => {
    const run = await runInProcess(['-x', '5', '-c', 'hmac(nosuchhash)', '-k', '00', '-p', '00', '-b', '16']);
    expectRun(run, lines('Allocation of KDF hash hmac(nosuchhash) failed', 'Failed to invoke testing'), 3);
  });
});

describe('kcapi -x 12 (HKDF)', () => {
  it.each(hkdfRfc5869Vectors().map((v) => [v.name, v] as const))('%s', async (_name, v) => {
    const run = await runInProcess([
      '-x',
      '12',
      '-c',
      v.kernelPrf,
      '-k',
      hex(v.ikm),
      '-i',
      hex(v.salt),
      '-p',
      hex(v.info),
      '-b',
      String(v.length),
    ]);
    expectRun(run, lines(hex(v.expected)));
  });

  it('without -i the salt is h zero bytes (RFC 5869 case 7)', async () => {
    const v = hkdfRfc5869Vectors().find((vector) => vector.name.includes('case 7'))!;
    const run = await runInProcess(['-x', '12', '-c', 'hmac(sha1)', '-k', hex(v.ikm), '-b', String(v.length)]);
    expectRun(run, lines(hex(v.expected)));
  });

  it('empty input key material fails like the reference (EINVAL)', async () => {
    const run = await runInProcess(['-x', '12', '-c', 'hmac(sha256)', '-k', '', '-b', '16']);
    expectRun(run, lines('KDF generation failed', 'Failed to invoke testing'), 1);
  });
});
