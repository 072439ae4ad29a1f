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
