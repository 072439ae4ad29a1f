import { OperationError } from '../../errors.js';

/** The runner's own failures: exit status of `kcapi vm` when the command did not run to its end. */
export const runnerFailureStatus = 125;

/** A guest that did not boot or stopped early; `consoleTail` holds the last console lines. */
export class GuestBootError extends OperationError {
  override name = 'GuestBootError';
  constructor(
    message: string,
    readonly consoleTail: readonly string[],
  ) {
    super(message);
  }
}

/** Last non-empty lines of a console capture, without escape sequences and carriage returns. */
export function consoleTail(text: string, lines = 15): string[] {
  return text
    .replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '')
    .replace(/\x1bc/g, '')
    .split(/\r?\n|\r/)
    .map((line) => line.replace(/[\x00-\x08\x0b-\x1f\x7f]/g, '').trimEnd())
    .filter((line) => line.length > 0)
    .slice(-lines);
}
