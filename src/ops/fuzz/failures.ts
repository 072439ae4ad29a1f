/**
 * The fuzzers' failure log: one stdout line per failure, nothing for what passed. A bug in
 * kcapi (isInternalError) is never one of them: it ends the run as an internal error.
 */
import { isInternalError } from '../../errors.js';
import type { Output } from '../output.js';

export class FuzzFailures {
  count = 0;

  constructor(
    private readonly output: Output,
    private readonly label: string,
  ) {}

  fail(round: number, message: string): void {
    this.count++;
    this.output.line(`FAIL ${this.label} round ${round}: ${message}`);
  }

  /** Runs one check; a kernel error from it is a failure too, never a crash. */
  guard(round: number, what: string, check: () => void): void {
    try {
      check();
    } catch (error) {
      if (isInternalError(error)) throw error;
      this.fail(round, `${what}: unexpected ${describeError(error)}`);
    }
  }
}

export function describeError(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return typeof code === 'string' && !error.message.includes(code) ? `${code} (${error.message})` : error.message;
  }
  return String(error);
}

/** The Node-style error code of a failed system call, or undefined when it succeeded; a bug is thrown on. */
export function failureCode(action: () => unknown): string | undefined {
  try {
    action();
    return undefined;
  } catch (error) {
    if (isInternalError(error)) throw error;
    const code = (error as { code?: unknown }).code;
    return typeof code === 'string' ? code : describeError(error);
  }
}

export const hex = (bytes: Uint8Array): string => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');
