import { spawn } from 'node:child_process';
import { OperationError } from '../../errors.js';

export interface ProcessResult {
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs a host program to completion, capturing its output; a missing program is a clear error. */
export function runHostProgram(
  program: string,
  args: readonly string[],
  options: { cwd?: string; timeoutMs?: number; missingHint?: string; env?: Record<string, string> } = {},
): Promise<ProcessResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(program, args, {
      cwd: options.cwd,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, ...options.env, LC_ALL: 'C' },
      timeout: options.timeoutMs,
    });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    child.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') {
        reject(new OperationError(`${program} not found${options.missingHint ? `: ${options.missingHint}` : ''}`));
      } else {
        reject(error);
      }
    });
    child.on('close', (status, signal) =>
      resolve({
        status: status ?? (signal ? 128 : 1),
        stdout: Buffer.concat(stdout).toString(),
        stderr: Buffer.concat(stderr).toString(),
      }),
    );
  });
}

/** Like runHostProgram, but a non-zero status is an error naming the program and its last words. */
export async function runHostProgramOrFail(
  program: string,
  args: readonly string[],
  what: string,
  options: { cwd?: string; timeoutMs?: number; missingHint?: string } = {},
): Promise<string> {
  const result = await runHostProgram(program, args, options);
  if (result.status !== 0) {
    const lastLine = (result.stderr.trim() || result.stdout.trim()).split('\n').at(-1) ?? '';
    throw new OperationError(`${what} failed (${program} exited with ${result.status}${lastLine ? `: ${lastLine.trim()}` : ''})`);
  }
  return result.stdout;
}
