import type { CaseResult, FileResult } from '../runner.js';
import { describeTally, type Reporter, type RunSummary, type Write } from './reporter.js';

/** How the text report marks statuses; the command line passes colours. */
export interface TextStyle {
  pass(text: string): string;
  fail(text: string): string;
  skip(text: string): string;
  dim(text: string): string;
}

export const plainStyle: TextStyle = { pass: (t) => t, fail: (t) => t, skip: (t) => t, dim: (t) => t };

/**
 * One line per vector (`PASS`, `FAIL`, `SKIP`, then the vector's id, algorithm and
 * direction; the reason for failures and skips; expected and actual output under a
 * failure), a line per file and a summary line. `quiet` leaves out passing vectors.
 */
export function textReporter(write: Write, style: TextStyle = plainStyle, quiet = false): Reporter {
  return {
    result(result: CaseResult) {
      if (quiet && result.status === 'pass') return;
      const what = [result.id, result.algorithm, result.direction].filter(Boolean).join(' ');
      if (result.status === 'pass') {
        write(`${style.pass('PASS')} ${what}\n`);
      } else if (result.status === 'skip') {
        write(`${style.skip('SKIP')} ${what}: ${result.reason}\n`);
      } else {
        write(`${style.fail('FAIL')} ${what}: ${result.reason}\n`);
        if (result.expected !== null) write(`       expected ${result.expected}\n`);
        if (result.actual !== null) write(`       actual   ${style.fail(result.actual)}\n`);
      }
    },
    fileEnd(file: FileResult) {
      if (file.summary.format === null) return;
      const seconds = (file.durationMs / 1000).toFixed(2);
      write(style.dim(`# ${file.summary.file} (${file.summary.format}): ${describeTally(file.tally)} in ${seconds} s`) + '\n');
    },
    finish(summary: RunSummary) {
      const { tally } = summary;
      const line = `${describeTally(tally)} in ${(summary.durationMs / 1000).toFixed(2)} s`;
      write(`${tally.failed > 0 || tally.malformed > 0 ? style.fail(line) : style.pass(line)}\n`);
    },
  };
}
