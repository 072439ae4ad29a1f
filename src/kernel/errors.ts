/**
 * A failed system call on a kernel crypto object, shaped like Node's own system errors:
 * `code` ('ENOENT'), `errno` (negative, as libuv and Node report it), `syscall` ('bind'),
 * message `${syscall} ${code}` ("bind ENOENT"). The native addon constructs these directly.
 */
export class KernelError extends Error {
  override name = 'KernelError';
  readonly code: string;
  readonly errno: number;
  readonly syscall: string;

  constructor(syscall: string, code: string, errno: number, options?: { cause?: unknown }) {
    super(`${syscall} ${code}`, options);
    this.syscall = syscall;
    this.code = code;
    this.errno = errno;
  }
}

/** True for a KernelError, optionally with the given code ('EBADMSG'). */
export function isKernelError(error: unknown, code?: string): error is KernelError {
  return error instanceof KernelError && (code === undefined || error.code === code);
}

/**
 * The kernel did not do what the operation needs although no system call failed: a short
 * result, AIO requests refused round after round, a request larger than the socket takes.
 * A failed operation (the CLI's exit status 1), not a bug.
 */
export class KernelFailure extends Error {
  override name = 'KernelFailure';
}

/**
 * A value the library refuses (a name too long, a count out of range, a tag of the wrong size):
 * a RangeError, typed so that the command line can tell a refused input from a bug.
 */
export class InvalidArgumentError extends RangeError {}
