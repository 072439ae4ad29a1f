/**
 * `--expect`, `--verify` and `--all-drivers` around a reference-compatible invocation: the
 * operation runs into memory, its lines go to stdout unchanged, then the result lines are
 * judged (src/toolkit) and any difference is shown on stderr. Exit status 1 on a difference.
 */
import { ExitStatus, isInternalError, UnsupportedError, UsageError } from '../errors.js';
import type { OperationModule } from '../ops/index.js';
import { listAlgorithms } from '../kernel/algorithms.js';
import type { AlgorithmInfo } from '../kernel/algorithm-info.js';
import type { KcapiOptions } from '../ops/options.js';
import { CollectingOutput, type Output } from '../ops/output.js';
import type { Comparison } from '../toolkit/compare.js';
import { driverRunsJson, formatDriverRuns, judgeDriverRuns, outcomeKey, type DriverRun } from '../toolkit/driver-runs.js';
import { checkAlternatives, checkExpectation, resultLines } from '../toolkit/expectation.js';
import { nodeReferenceResult, type Reference } from '../toolkit/node-verify.js';
import { compareBlocks } from '../toolkit/compare.js';
import { driverRowHighlight, writeComparison } from './expect-report.js';
import { complain } from './report.js';

export async function runChecked(operation: OperationModule, options: KcapiOptions, output: Output): Promise<number> {
  if (options.aux || options.fuzz) {
    throw new UsageError('--expect, --verify and --all-drivers check a result: they do not apply to -z or -h');
  }
  if (options.allDrivers) return runAllDrivers(operation, options, output);
  const captured = new CollectingOutput();
  let status: number;
  try {
    status = (await operation.run(options, captured)) ?? ExitStatus.ok;
  } finally {
    for (const line of captured.lines) output.line(line);
    output.flush();
  }
  const lines = resultLines(captured.lines, options);
  const blockSize = comparisonBlockSize(options);
  let differs = false;
  if (options.expect !== undefined) {
    const comparison = checkExpectation(options.expect, lines, blockSize);
    if (!comparison.equal) {
      writeComparison(comparison, { title: '--expect: the output differs from HEX', expected: 'expected', actual: 'actual' });
      differs = true;
    }
  }
  if (options.verify) {
    const reference = await nodeReferenceResult(options, genericName);
    const comparison = verification(reference, lines, blockSize);
    if (comparison !== undefined && !comparison.equal) {
      writeComparison(comparison, { title: '--verify: the kernel differs from node:crypto', expected: 'node:crypto', actual: 'kernel' });
      differs = true;
    } else if (comparison !== undefined && options.verbose) {
      complain(`--verify: ${reference.verifiable ? reference.algorithm : options.cipher} agrees with node:crypto`);
    }
  }
  return differs && status === ExitStatus.ok ? ExitStatus.failed : status;
}

/** The comparison with node:crypto, or undefined (after saying so) when node cannot compute it. */
function verification(reference: Reference, lines: readonly string[], blockSize: number): Comparison | undefined {
  if (!reference.verifiable) {
    complain(`--verify: ${reference.what} is not verifiable with node:crypto${reference.detail ? ` (${reference.detail})` : ''}`);
    return undefined;
  }
  return checkAlternatives(reference.alternatives, lines, blockSize);
}

async function runAllDrivers(operation: OperationModule, options: KcapiOptions, output: Output): Promise<number> {
  if (options.largeInput || options.cipher === '') {
    throw new UsageError('--all-drivers runs the invocation per implementation of the -c algorithm: give -c NAME (not -y)');
  }
  const { listDrivers } = await import('../kernel-info/drivers.js');
  const listing = listDrivers(options.cipher);
  if (listing.drivers.length === 0) {
    throw new UnsupportedError(`--all-drivers: the kernel has no implementation of ${options.cipher}`);
  }
  const reference = options.verify ? await nodeReferenceResult({ ...options, cipher: listing.algorithm }, genericName) : undefined;
  if (reference !== undefined && !reference.verifiable) verification(reference, [], 16);
  const blockSize = comparisonBlockSize(options);
  const runs: DriverRun[] = [];
  const failures: unknown[] = [];
  for (const driver of listing.drivers) {
    const captured = new CollectingOutput();
    let status: number = ExitStatus.ok;
    let error: string | undefined;
    try {
      status = (await operation.run({ ...options, cipher: driver.driver }, captured)) ?? ExitStatus.ok;
    } catch (thrown) {
      ({ status, error } = failureOf(thrown));
      failures.push(thrown);
    }
    const lines = error === undefined ? resultLines(captured.lines, options) : [];
    const ok = error === undefined;
    runs.push({
      driver: driver.driver,
      priority: driver.priority,
      lines,
      status,
      error,
      expectation: ok && options.expect !== undefined ? checkExpectation(options.expect, lines, blockSize) : undefined,
      verification: ok && reference?.verifiable ? checkAlternatives(reference.alternatives, lines, blockSize) : undefined,
    });
  }
  // No AF_ALG (or no usable socket type): one answer for all, as without --all-drivers.
  if (failures.length === runs.length && failures.every((failure) => failure instanceof UnsupportedError)) throw failures[0];
  const judgement = judgeDriverRuns(listing.algorithm, runs);
  if (options.json) {
    const document = driverRunsJson(judgement, {
      expect: options.expect === undefined ? undefined : Buffer.from(options.expect).toString('hex'),
      verify: reference === undefined ? undefined : reference.verifiable ? 'compared' : 'not verifiable',
    });
    output.line(JSON.stringify(document));
  } else {
    for (const line of formatDriverRuns(judgement, driverRowHighlight())) output.line(line);
  }
  output.flush();
  reportDriverDifferences(runs, judgement.vote.majority, blockSize);
  return judgement.status;
}

/** On stderr: each odd driver against the majority, and each miss of --expect / node:crypto. */
function reportDriverDifferences(runs: readonly DriverRun[], majority: string | undefined, blockSize: number): void {
  const majorityRun = runs.find((run) => outcomeKey(run) === majority && run.error === undefined);
  for (const run of runs) {
    if (majorityRun !== undefined && run.error === undefined && outcomeKey(run) !== majority) {
      writeComparison(compareBlocks(majorityRun.lines.join(''), run.lines.join(''), blockSize), {
        title: `--all-drivers: ${run.driver} differs from the majority (${majorityRun.driver})`,
        expected: 'majority',
        actual: run.driver,
      });
    }
    if (run.expectation?.equal === false) {
      writeComparison(run.expectation, { title: `--expect: ${run.driver} differs from HEX`, expected: 'expected', actual: run.driver });
    }
    if (run.verification?.equal === false) {
      writeComparison(run.verification, {
        title: `--verify: ${run.driver} differs from node:crypto`,
        expected: 'node:crypto',
        actual: run.driver,
      });
    }
  }
}

/** A driver's failure as a table entry; a usage error concerns every driver and a bug is not a driver's: both end the run. */
function failureOf(error: unknown): { status: number; error: string } {
  if (error instanceof UsageError || isInternalError(error)) throw error;
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof UnsupportedError) return { status: ExitStatus.unsupported, error: message };
  return { status: ExitStatus.failed, error: message };
}

let algorithmsCache: readonly AlgorithmInfo[] | undefined;

/** What the kernel lists (netlink, /proc/crypto), read once; empty when it cannot be read. */
function kernelAlgorithms(): readonly AlgorithmInfo[] {
  if (algorithmsCache === undefined) {
    try {
      algorithmsCache = listAlgorithms();
    } catch {
      algorithmsCache = [];
    }
  }
  return algorithmsCache;
}

/** AF_ALG binds driver names too: node:crypto needs the generic name. */
function genericName(name: string): string {
  return kernelAlgorithms().find((entry) => entry.driver === name)?.name ?? name;
}

/**
 * Comparison blocks: the cipher's block size for skcipher/AEAD types when it is 8 to 32
 * bytes (stream modes report 1), otherwise 16 bytes.
 */
function comparisonBlockSize(options: KcapiOptions): number {
  const fallback = 16;
  const ciphers = [1, 2, 9, 10];
  if (options.largeInput || !ciphers.includes(options.cipherType ?? 0)) return fallback;
  const algorithms = kernelAlgorithms();
  const entry = algorithms.find((item) => item.driver === options.cipher) ?? algorithms.find((item) => item.name === options.cipher);
  const size = entry?.blockSize ?? 0;
  return size >= 8 && size <= 32 ? size : fallback;
}
