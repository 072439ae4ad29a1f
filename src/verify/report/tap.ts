import type { CaseResult, FileResult } from '../runner.js';
import { describeTally, type Reporter, type RunSummary, type Write } from './reporter.js';

/**
 * TAP version 13, streamed: one test point per vector, failures with a YAML block,
 * skips as `# SKIP reason`, malformed lines as failing test points; the plan comes last.
 */
export function tapReporter(write: Write): Reporter {
  let count = 0;
  return {
    fileStart(file: string, index: number) {
      if (index === 0) write('TAP version 13\n');
      write(`# ${file}\n`);
    },
    result(result: CaseResult) {
      count++;
      const name = escape([result.id, result.algorithm, result.direction].filter(Boolean).join(' '));
      if (result.status === 'pass') write(`ok ${count} - ${name}\n`);
      else if (result.status === 'skip') write(`ok ${count} - ${name} # SKIP ${escape(result.reason ?? '')}\n`);
      else {
        write(`not ok ${count} - ${name}\n  ---\n  message: ${yamlString(result.reason ?? '')}\n`);
        if (result.expected !== null) write(`  expected: ${yamlString(result.expected)}\n`);
        if (result.actual !== null) write(`  actual: ${yamlString(result.actual)}\n`);
        write(`  at: ${yamlString(`${result.file}:${result.line}`)}\n  ...\n`);
      }
    },
    fileEnd(file: FileResult) {
      for (const problem of file.summary.malformed) {
        count++;
        write(`not ok ${count} - ${escape(`${file.summary.file}:${problem.line ?? 0} malformed`)}\n`);
        write(`  ---\n  message: ${yamlString(problem.message)}\n  ...\n`);
      }
      for (const note of file.summary.notes) {
        write(`# note: ${note.line === null ? '' : `line ${note.line}: `}${note.message}\n`);
      }
    },
    finish(summary: RunSummary) {
      if (summary.files.length === 0) write('TAP version 13\n');
      write(`1..${count}\n# ${describeTally(summary.tally)}\n`);
    },
  };
}

/** `#` starts a directive in a TAP description. */
function escape(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/#/g, '\\#').replace(/\n/g, ' ');
}

function yamlString(text: string): string {
  return JSON.stringify(text);
}
