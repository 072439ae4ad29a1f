import { constants } from 'node:os';
import { isInternalError, OperationError, UnsupportedError } from '../errors.js';

/** The `code` of a Node-style system error ('ENOENT', ...), if `error` is one. */
export function errorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** The positive errno of a system error (Node reports libuv's negative numbers). */
export function errnoOf(error: unknown): number {
  const errno = (error as { errno?: unknown } | null)?.errno;
  if (typeof errno === 'number' && errno !== 0) return Math.abs(errno);
  const code = errorCode(error);
  const known = code === undefined ? undefined : (constants.errno as Record<string, number>)[code];
  return known ?? 0;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export const noAfAlgMessage =
  'this kernel has no AF_ALG support (socket: EAFNOSUPPORT); run in a guest kernel with --vm, e.g. kcapi --vm -x 3 -c sha256 -p 616263';

/**
 * A failed allocation of a transform: the reference's stdout line, exit status 3 when the
 * kernel lacks AF_ALG or the algorithm (docs/reference-cli.md §10), 1 otherwise. A bug is
 * returned as it is, so that it stays an internal error.
 */
export function allocationFailure(error: unknown, type: string, name: string, stdoutLine: string): Error {
  if (isInternalError(error)) return asError(error);
  const stdoutLines = [stdoutLine];
  switch (errorCode(error)) {
    case 'EAFNOSUPPORT':
      return new UnsupportedError(noAfAlgMessage, { cause: error, stdoutLines });
    case 'ENOENT':
      return new UnsupportedError(`the kernel has no ${type} algorithm or driver ${JSON.stringify(name)} (${describe(error)})`, {
        cause: error,
        stdoutLines,
      });
    default:
      return new OperationError(`cannot allocate ${type} ${JSON.stringify(name)}: ${describe(error)}`, stdoutLines, {
        cause: error,
      });
  }
}

/** A failed step of an operation, with the reference's stdout lines for it; a bug is returned as it is. */
export function operationFailure(error: unknown, what: string, stdoutLines: readonly string[]): Error {
  if (error instanceof OperationError) return error;
  if (isInternalError(error)) return asError(error);
  return new OperationError(`${what}: ${describe(error)}`, stdoutLines, { cause: error });
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}

/** A precondition the reference checks before any system call: only the trailer is printed. */
export function missingInput(message: string): OperationError {
  return new OperationError(message, []);
}
