import { ExitStatus, isInternalError, OperationError, UnsupportedError, UsageError } from '../errors.js';
import type { Output } from '../ops/output.js';

/** The reference's last stdout line after a failed operation (docs/reference-cli.md §5). */
export const failureTrailer = 'Failed to invoke testing';

/** One diagnostic line on stderr. */
export function complain(message: string): void {
  const oneLine = message.replace(/\s*\n\s*/g, ' ').trim();
  process.stderr.write(`kcapi: ${oneLine}\n`);
}

/**
 * Reports a failure and returns its exit status (docs/reference-cli.md §10): usage 2, operation 1,
 * missing kernel support 3; a failed system call or KernelFailure that no layer wrapped is a
 * failed operation too. With `trailer`, operation failures end stdout with "Failed to invoke
 * testing" as the reference does. Anything else is a bug: one "internal error" line (the stack
 * only with KCAPI_DEBUG set) and status 70.
 */
export function reportError(error: unknown, output: Output, trailer: boolean): number {
  if (error instanceof UsageError) {
    output.flush();
    complain(`${error.message} (see kcapi --help)`);
    return ExitStatus.usage;
  }
  if (error instanceof OperationError || error instanceof UnsupportedError) {
    for (const line of error.stdoutLines) output.line(line);
    if (trailer) output.line(failureTrailer);
    output.flush();
    complain(error.message);
    if (trailer && referenceExitStatus()) return ExitStatus.ok;
    return error instanceof UnsupportedError ? ExitStatus.unsupported : ExitStatus.failed;
  }
  if (!isInternalError(error)) {
    if (trailer) output.line(failureTrailer);
    output.flush();
    complain((error as Error).message);
    return trailer && referenceExitStatus() ? ExitStatus.ok : ExitStatus.failed;
  }
  output.flush();
  reportUnexpected(error);
  return ExitStatus.internal;
}

/** The environment variable that restores the reference's exit status 0 after a failed operation. */
export const exitStatusVariable = 'KCAPI_EXIT_STATUS';

/**
 * KCAPI_EXIT_STATUS=reference: exit 0 after "Failed to invoke testing", as the reference does,
 * for scripts written with `set -e` around it. Usage errors and bugs keep their statuses.
 */
function referenceExitStatus(): boolean {
  return process.env[exitStatusVariable] === 'reference';
}

/** A bug: "internal error" and the message on one line, the stack too with KCAPI_DEBUG set. */
export function reportUnexpected(error: unknown): void {
  if (process.env.KCAPI_DEBUG && error instanceof Error && error.stack) {
    process.stderr.write(`${error.stack}\n`);
  }
  const message = error instanceof Error ? error.message : String(error);
  complain(`internal error: ${message}`);
}
