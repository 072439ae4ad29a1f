/**
 * Typed errors shared by the library and the CLI. The CLI maps them to exit statuses
 * (docs/reference-cli.md §10): UsageError → 2, OperationError → 1, UnsupportedError → 3.
 * Kernel system-call failures are Node-style system errors (see src/kernel/errors.ts);
 * the layer that knows what they mean wraps them in one of these. Anything else that is
 * thrown is a bug in kcapi: exit status 70 and "internal error" (isInternalError).
 */
import { InvalidArgumentError, KernelFailure } from './kernel/errors.js';

/** Bad command line or bad input data: exit status 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/**
 * An operation the user asked for failed. `stdoutLines` are the reference program's
 * diagnostic lines that go to stdout before `Failed to invoke testing` (docs/reference-cli.md §5).
 */
export class OperationError extends Error {
  override name = 'OperationError';
  constructor(
    message: string,
    readonly stdoutLines: readonly string[] = [],
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/**
 * The kernel lacks AF_ALG, the socket type or the algorithm: exit status 3.
 * `stdoutLines` as for OperationError (e.g. the reference's `Allocation of ... failed`).
 */
export class UnsupportedError extends Error {
  override name = 'UnsupportedError';
  readonly stdoutLines: readonly string[];
  constructor(message: string, options?: { cause?: unknown; stdoutLines?: readonly string[] }) {
    super(message, options);
    this.stdoutLines = options?.stdoutLines ?? [];
  }
}

/** A failed system call, as the addon (KernelError) and Node's own I/O report it: code and syscall. */
export function isSystemError(error: unknown): error is Error & { readonly code: string; readonly syscall: string } {
  if (!(error instanceof Error)) return false;
  const { code, syscall } = error as { code?: unknown; syscall?: unknown };
  return typeof code === 'string' && typeof syscall === 'string';
}

/**
 * A bug in kcapi rather than bad input or a failure of the kernel or the system: exit status 70.
 * Values the library refuses (InvalidArgumentError) reach it from the user's input, not from a bug.
 */
export function isInternalError(error: unknown): boolean {
  return !(
    error instanceof UsageError ||
    error instanceof OperationError ||
    error instanceof UnsupportedError ||
    error instanceof KernelFailure ||
    error instanceof InvalidArgumentError ||
    isSystemError(error)
  );
}

/** Exit statuses of the command line (docs/reference-cli.md §10); 70 is sysexits.h's EX_SOFTWARE. */
export const ExitStatus = {
  ok: 0,
  failed: 1,
  usage: 2,
  unsupported: 3,
  internal: 70,
} as const;
