import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { runCompatible } from '../../src/cli/compatible.js';
import { ExitStatus } from '../../src/errors.js';
import { CollectingOutput } from '../../src/ops/output.js';

export const bin = fileURLToPath(new URL('../../bin/kcapi.js', import.meta.url));

export interface Run {
  readonly status: number;
  readonly stdout: string;
  /** Only for spawned runs (in-process diagnostics go to the test's own stderr). */
  readonly stderr: string;
}

/** Runs the built CLI (`npm run build` first) as a separate process. */
export function spawnKcapi(args: readonly string[], options: { env?: NodeJS.ProcessEnv; input?: Uint8Array } = {}): Run {
  const child = spawnSync(process.execPath, [bin, ...args], {
    encoding: 'utf8',
    env: options.env ?? process.env,
    input: options.input,
    timeout: 120_000,
    maxBuffer: 64 << 20,
  });
  if (child.error) throw child.error;
  if (child.signal !== null) throw new Error(`kcapi ${args.join(' ')} died of ${child.signal}`);
  return { status: child.status ?? -1, stdout: child.stdout, stderr: child.stderr };
}

/**
 * The same command line handled inside this process (for bulk runs: no 0.7 s start per run).
 * An internal error (status 70, a bug) fails the calling test whatever it expected.
 */
export async function runInProcess(args: readonly string[]): Promise<Run> {
  const output = new CollectingOutput();
  const status = await runCompatible(args, output);
  if (status === ExitStatus.internal) throw new Error(`internal error (status 70) from kcapi ${JSON.stringify(args)}: see stderr`);
  return { status, stdout: output.text(), stderr: '' };
}

const probe = await runInProcess(['-x', '3', '-c', 'sha256', '-p', '']);

/** Whether this kernel has AF_ALG (else the CLI must say so with exit status 3). */
export const kernelHasAfAlg = probe.status === 0;

/** CI must run these suites on a real kernel (the guest): a missing AF_ALG fails there. */
export function requireKernelInCi(): void {
  if (!kernelHasAfAlg && process.env.CI) {
    throw new Error('AF_ALG is not available: run the cli suite on a real kernel (kcapi vm -- npx vitest run --project cli)');
  }
}

/**
 * On a kernel with AF_ALG: the run printed exactly `stdout` with `status`.
 * Without AF_ALG (outside CI): it failed with status 3, the reference's stdout lines ending
 * in "Failed to invoke testing", and (spawned) one stderr line pointing at --vm.
 */
export function expectKernelRun(run: Run, stdout: string, status = 0): void {
  requireKernelInCi();
  if (kernelHasAfAlg) {
    expect({ status: run.status, stdout: run.stdout }).toEqual({ status, stdout });
    return;
  }
  expect(run.status).toBe(3);
  expect(run.stdout).toMatch(/^Allocation of .*failed\nFailed to invoke testing\n$/);
  if (run.stderr !== '') expect(run.stderr).toMatch(/^kcapi: this kernel has no AF_ALG support .*--vm.*\n$/);
}

export const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');
export const lines = (...texts: string[]): string => texts.map((text) => `${text}\n`).join('');
