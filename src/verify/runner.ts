/** Runs vector files through a backend, file by file, reporting each result as it comes. */
import type { CryptoBackend } from './backend.js';
import type { VectorCase } from './cases.js';
import { parseVectorFile, type VectorFileSummary } from './cavp.js';
import { evaluateCase, type CaseOutcome } from './evaluate.js';

export type CaseStatus = CaseOutcome['status'];

/** One vector's result: the stable shape of `kcapi vectors --format json` results. */
export interface CaseResult {
  readonly id: string;
  readonly file: string;
  readonly line: number;
  readonly kind: VectorCase['kind'];
  readonly algorithm: string;
  readonly direction: 'encrypt' | 'decrypt' | null;
  readonly status: CaseStatus;
  readonly reason: string | null;
  readonly expected: string | null;
  readonly actual: string | null;
  /** The implementation that ran it (kernel driver name), when the backend knows it. */
  readonly driver: string | null;
  readonly durationMs: number;
}

export interface Tally {
  total: number;
  passed: number;
  failed: number;
  skipped: number;
  /** Malformed lines or records: vectors the file meant but could not be run. */
  malformed: number;
}

export interface FileResult {
  readonly summary: VectorFileSummary;
  readonly tally: Tally;
  readonly durationMs: number;
}

export interface RunListener {
  fileStart?(file: string, index: number, fileCount: number): void;
  /** After parsing, before running: how many cases the file holds. */
  fileParsed?(summary: VectorFileSummary): void;
  result?(result: CaseResult, fileTally: Tally): void;
  fileEnd?(result: FileResult): void;
}

/** Optional backend extension: which implementation runs an algorithm. */
export interface DriverAware {
  driverOf(algorithm: string): string | null;
}

export function emptyTally(): Tally {
  return { total: 0, passed: 0, failed: 0, skipped: 0, malformed: 0 };
}

export function addTally(into: Tally, from: Tally): void {
  into.total += from.total;
  into.passed += from.passed;
  into.failed += from.failed;
  into.skipped += from.skipped;
  into.malformed += from.malformed;
}

export interface RunOptions {
  /** Runs only cases for which this returns true (others are not counted). */
  readonly select?: (vectorCase: VectorCase) => boolean;
}

export async function runVectorFiles(
  files: readonly string[],
  backend: CryptoBackend & Partial<DriverAware>,
  listener: RunListener = {},
  options: RunOptions = {},
): Promise<{ tally: Tally; files: FileResult[]; durationMs: number }> {
  const started = performance.now();
  const tally = emptyTally();
  const results: FileResult[] = [];
  for (const [index, file] of files.entries()) {
    listener.fileStart?.(file, index, files.length);
    const fileStarted = performance.now();
    const parsed = await parseVectorFile(file);
    const cases = options.select ? parsed.cases.filter(options.select) : parsed.cases;
    const summary: VectorFileSummary = { ...parsed, caseCount: cases.length };
    listener.fileParsed?.(summary);
    const fileTally = emptyTally();
    fileTally.malformed = parsed.malformed.length;
    for (const vectorCase of cases) {
      const result = await runCase(vectorCase, backend);
      fileTally.total++;
      if (result.status === 'pass') fileTally.passed++;
      else if (result.status === 'fail') fileTally.failed++;
      else fileTally.skipped++;
      listener.result?.(result, fileTally);
    }
    const fileResult = { summary, tally: fileTally, durationMs: performance.now() - fileStarted };
    addTally(tally, fileTally);
    results.push(fileResult);
    listener.fileEnd?.(fileResult);
  }
  return { tally, files: results, durationMs: performance.now() - started };
}

async function runCase(vectorCase: VectorCase, backend: CryptoBackend & Partial<DriverAware>): Promise<CaseResult> {
  const started = performance.now();
  const outcome = await evaluateCase(vectorCase, backend);
  const durationMs = performance.now() - started;
  return {
    id: vectorCase.id,
    file: vectorCase.file,
    line: vectorCase.line,
    kind: vectorCase.kind,
    algorithm: vectorCase.algorithm,
    direction: 'direction' in vectorCase ? vectorCase.direction : null,
    status: outcome.status,
    reason: outcome.status === 'pass' ? null : outcome.reason,
    expected: outcome.status === 'fail' ? (outcome.expected ?? null) : null,
    actual: outcome.status === 'fail' ? (outcome.actual ?? null) : null,
    driver: outcome.status === 'skip' ? null : (backend.driverOf?.(vectorCase.algorithm) ?? null),
    durationMs,
  };
}
