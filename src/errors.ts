/**
 * Typed errors shared by the library and the CLI. The CLI maps them to exit statuses
 * (docs/reference-cli.md §10): UsageError → 2, OperationError → 1, UnsupportedError → 3.
 * Kernel system-call failures are Node-style system errors (see src/kernel/errors.ts);
 * the layer that knows what they mean wraps them in one of these.
 */

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

/** Exit statuses of the command line (docs/reference-cli.md §10). */
export const ExitStatus = {
  ok: 0,
  failed: 1,
  usage: 2,
  unsupported: 3,
} as const;
