import type { CaseResult } from '../runner.js';
import type { Reporter, RunContext, RunSummary, Write } from './reporter.js';

/** Identifies the JSON layout; a change that breaks readers gets a new number. */
export const vectorsJsonSchema = 'kcapi-vectors/1';

/**
 * The whole run as one JSON document (written at the end):
 * { schema, backend, kernelRelease, summary: {total, passed, failed, skipped, malformed,
 *   durationMs}, files: [{file, format, vectors, passed, failed, skipped, malformed,
 *   durationMs, notes: [{line, message}], malformedLines: [{line, message}]}],
 *   results: [CaseResult] } — CaseResult as in runner.ts, with null for absent values.
 */
export function jsonReporter(write: Write, context: RunContext): Reporter {
  const results: CaseResult[] = [];
  return {
    result(result) {
      results.push(result);
    },
    finish(summary: RunSummary) {
      const document = {
        schema: vectorsJsonSchema,
        backend: context.backend,
        kernelRelease: context.kernelRelease,
        summary: { ...summary.tally, durationMs: round(summary.durationMs) },
        files: summary.files.map(({ summary: file, tally, durationMs }) => ({
          file: file.file,
          format: file.format,
          vectors: tally.total,
          passed: tally.passed,
          failed: tally.failed,
          skipped: tally.skipped,
          malformed: tally.malformed,
          durationMs: round(durationMs),
          notes: file.notes.map(({ line, message }) => ({ line, message })),
          malformedLines: file.malformed.map(({ line, message }) => ({ line, message })),
        })),
        results: results.map((result) => ({ ...result, durationMs: round(result.durationMs) })),
      };
      write(`${JSON.stringify(document, null, 2)}\n`);
    },
  };
}

function round(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}
