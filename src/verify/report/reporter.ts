import type { FileResult, RunListener, Tally } from '../runner.js';

/** Where a report's text goes (stdout for the command line). */
export type Write = (text: string) => void;

export interface RunSummary {
  readonly tally: Tally;
  readonly files: readonly FileResult[];
  readonly durationMs: number;
}

/** Facts about the run that reports carry besides the results. */
export interface RunContext {
  /** `kernel` or `node:crypto`. */
  readonly backend: string;
  /** Kernel release (uname -r) of the machine that ran the vectors. */
  readonly kernelRelease: string;
}

/** A result format: streams what it can while the run goes, the rest at `finish`. */
export interface Reporter extends RunListener {
  finish(summary: RunSummary): void;
}

export function describeTally(tally: Tally): string {
  const parts = [`${tally.passed} passed`, `${tally.failed} failed`, `${tally.skipped} skipped`];
  if (tally.malformed > 0) parts.push(`${tally.malformed} malformed`);
  return `${tally.total} vector${tally.total === 1 ? '' : 's'}: ${parts.join(', ')}`;
}
