/**
 * `kcapi vectors` through the kernel: the CBC + GCM + SHA-2 run the issue asks for, in TAP.
 * The command's formats and statuses are tested with --software in test/e2e.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { requireCavpRoot } from '../helpers/cavp-dir.js';
import { bin, kernelHasAfAlg, requireKernelInCi } from './helpers.js';

const root = requireCavpRoot();

describe('kcapi vectors (kernel)', () => {
  it('CBC, GCM encryption (128-bit keys) and SHA-2 pass on the kernel in TAP', () => {
    requireKernelInCi();
    // Thousands of vectors: minutes in an emulated guest on a busy machine.
    const child = spawnSync(
      process.execPath,
      [
        bin,
        'vectors',
        join(root, 'ciphers/AES/CBC'),
        join(root, 'ciphers/AES/GCM/gcmEncryptExtIV128.rsp'),
        join(root, 'hashes/SHA2'),
        '--format',
        'tap',
      ],
      { encoding: 'utf8', timeout: 3_600_000, maxBuffer: 64 << 20 },
    );
    const run = { status: child.status, stdout: child.stdout, stderr: child.stderr };
    if (!kernelHasAfAlg) {
      expect(run.status).toBe(3);
      expect(run.stderr).toMatch(/AF_ALG is not available/);
      return;
    }
    expect(run.status).toBe(0);
    expect(run.stdout).not.toMatch(/^not ok/m);
    // Passed: CBC 2138 + GCM 2625 (96-bit IVs) + SHA-224/256/384/512 short and long 772; skipped:
    // GCM's other IV lengths (5250) and SHA-512/224, SHA-512/256 (514, no kernel algorithm).
    expect(run.stdout).toMatch(/\n1\.\.11299\n# 11299 vectors: 5535 passed, 0 failed, 5764 skipped\n$/);
  }, 3_600_000);
});
