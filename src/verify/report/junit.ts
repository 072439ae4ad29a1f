import type { CaseResult, FileResult } from '../runner.js';
import type { Reporter, RunContext, RunSummary, Write } from './reporter.js';

/**
 * JUnit XML (the layout CI systems read): one <testsuite> per vector file, one <testcase>
 * per vector with <failure> or <skipped>, malformed lines as <testcase> with <error>.
 */
export function junitReporter(write: Write, context: RunContext): Reporter {
  const suites: string[] = [];
  let cases: string[] = [];
  return {
    fileStart() {
      cases = [];
    },
    result(result: CaseResult) {
      const open = `    <testcase classname="${xml(classname(result.file))}" name="${xml(caseName(result))}" time="${seconds(result.durationMs)}"`;
      if (result.status === 'pass') cases.push(`${open}/>`);
      else if (result.status === 'skip') cases.push(`${open}>\n      <skipped message="${xml(result.reason ?? '')}"/>\n    </testcase>`);
      else {
        const detail = [
          result.expected === null ? '' : `expected ${result.expected}`,
          result.actual === null ? '' : `actual   ${result.actual}`,
          `at ${result.file}:${result.line}`,
        ]
          .filter(Boolean)
          .join('\n');
        cases.push(`${open}>\n      <failure message="${xml(result.reason ?? '')}">${xml(detail)}</failure>\n    </testcase>`);
      }
    },
    fileEnd(file: FileResult) {
      const { summary, tally } = file;
      for (const problem of summary.malformed) {
        cases.push(
          `    <testcase classname="${xml(classname(summary.file))}" name="${xml(`line ${problem.line ?? 0} malformed`)}" time="0">\n` +
            `      <error message="${xml(problem.message)}"/>\n    </testcase>`,
        );
      }
      const notes = summary.notes.map((n) => `${n.line === null ? '' : `line ${n.line}: `}${n.message}`).join('\n');
      suites.push(
        `  <testsuite name="${xml(summary.file)}" tests="${tally.total + tally.malformed}" failures="${tally.failed}" errors="${tally.malformed}" skipped="${tally.skipped}" time="${seconds(file.durationMs)}">\n` +
          (cases.length ? `${cases.join('\n')}\n` : '') +
          (notes ? `    <system-out>${xml(notes)}</system-out>\n` : '') +
          '  </testsuite>',
      );
    },
    finish(summary: RunSummary) {
      const { tally } = summary;
      write('<?xml version="1.0" encoding="UTF-8"?>\n');
      write(
        `<testsuites name="kcapi vectors (${xml(context.backend)}, ${xml(context.kernelRelease)})" tests="${tally.total + tally.malformed}" failures="${tally.failed}" errors="${tally.malformed}" skipped="${tally.skipped}" time="${seconds(summary.durationMs)}">\n`,
      );
      if (suites.length) write(`${suites.join('\n')}\n`);
      write('</testsuites>\n');
    },
  };
}

function caseName(result: CaseResult): string {
  return [result.id, result.algorithm, result.direction].filter(Boolean).join(' ');
}

/** The file name without directories and extension, as a JUnit class name. */
function classname(file: string): string {
  return (file.split('/').pop() ?? file).replace(/\.[^.]*$/, '');
}

function seconds(ms: number): string {
  return (ms / 1000).toFixed(6);
}

function xml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '');
}
