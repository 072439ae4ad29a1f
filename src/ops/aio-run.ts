/**
 * The part of `-x 9` and `-x 10` both share: how many requests, which mode and how many
 * operation sockets; running them (AIO, or the -g fallback); `--check`, `--verbose`,
 * `--json` and `-f`.
 */
import { release } from 'node:os';
import { OperationError, UsageError } from '../errors.js';
import { algorithmInfo } from '../kernel/algorithms.js';
import type { Transform } from '../kernel/transform.js';
import { native } from '../native.js';
import type { RequestRead } from '../modes/aio-reader.js';
import { checkRequests, describeCheck, type CheckReport } from '../modes/check.js';
import { independentFallback, streamFallback } from '../modes/fallback.js';
import { OperationPort } from '../modes/kernel-port.js';
import type { AioPath } from '../modes/request-port.js';
import { runRequests, type RequestSet, type RunResult } from '../modes/request-runner.js';
import { describeRun, runDocument } from '../modes/run-report.js';
import { NoSoftwareReference, type RequestOutcome, type RequestSetModel } from '../software/index.js';
import { UnsplittableInputError, requireSplittable } from '../kernel/request-splitting.js';
import { missingInput, operationFailure } from './failures.js';
import type { KcapiOptions, RequestMode } from './options.js';
import type { Output } from './output.js';

export interface RequestPlan {
  readonly requests: number;
  readonly mode: RequestMode;
  readonly handles: number;
  /** --ivs: one IV per request. */
  readonly ivs: readonly Uint8Array[] | undefined;
  /** Where AIO waits: on this thread for one socket, on pool threads for several. */
  readonly path: AioPath;
}

/** Requests (-d N, or one per --ivs entry), mode and sockets, checked against each other. */
export function planRequests(options: KcapiOptions, path?: AioPath): RequestPlan {
  const ivs = options.ivs;
  let requests = Math.max(1, options.loops);
  if (ivs !== undefined && ivs.length > 0) {
    if (requests > 1 && requests !== ivs.length) {
      throw new UsageError(`--ivs gives ${ivs.length} IVs but -d asks for ${requests} requests`);
    }
    requests = ivs.length;
  }
  const mode = options.mode ?? 'chained';
  if (ivs !== undefined && mode !== 'inline-iv') {
    throw new UsageError('--ivs gives each request its own IV: use it with --mode inline-iv');
  }
  const handles = options.handles ?? 1;
  if (!Number.isInteger(handles) || handles < 1) throw new UsageError(`--handles must be at least 1, got ${handles}`);
  if (options.aioFallback && (options.mode !== undefined || handles > 1)) {
    throw new UsageError('-g (synchronous fallback) runs without AIO: it cannot be combined with --mode or --handles');
  }
  return { requests, mode, handles, ivs, path: path ?? (handles > 1 ? 'thread' : 'sync') };
}

export interface AioJob {
  readonly transform: Transform;
  readonly set: RequestSet;
  readonly plan: RequestPlan;
  /** -g: symmetric stream over the concatenation, or independent AEAD operations. */
  readonly fallback: 'stream' | 'independent';
  readonly options: KcapiOptions;
  /**
   * Send and read each request before the next: the kernel sizes a queued request by its
   * output buffer, so requests whose output is empty cannot share one send.
   */
  readonly oneRequestPerSend?: boolean;
}

export interface JobResult {
  readonly reads: readonly RequestRead[];
  readonly run: RunResult | undefined;
  readonly durationNs: number;
}

function allocator(options: Pick<KcapiOptions, 'aligned'>): (length: number) => Uint8Array {
  return options.aligned ? (length) => native().allocAligned(length) : (length) => Buffer.alloc(length);
}

/** An io_submit the kernel refuses outright: say so clearly instead of a bare errno. */
function aioFailure(error: unknown, stdoutLines: readonly string[]): Error {
  if (error instanceof OperationError) return error;
  const syscall = (error as { syscall?: unknown }).syscall;
  if (syscall === 'io_submit' || syscall === 'io_setup') {
    return new OperationError(
      `this kernel refused AIO on the operation socket (${(error as Error).message}); -g runs the synchronous fallback`,
      stdoutLines,
      { cause: error },
    );
  }
  return operationFailure(error, 'AIO operation failed', stdoutLines);
}

/**
 * A request larger than one kernel request takes would be cut by the kernel into several, each
 * restarting from the socket's IV: refused (one line, status 1) rather than reported as its
 * output. The -g stream over the concatenation is cut into pieces too, which only modes that
 * chain survive.
 */
function refuseSplitRequests(job: AioJob, capacity: number, requestLength: number): void {
  if (job.options.aioFallback) {
    if (job.fallback !== 'stream') return refuseLonger(requestLength, capacity);
    try {
      requireSplittable(job.transform, requestLength * job.set.inputs.length, capacity);
    } catch (error) {
      if (error instanceof UnsplittableInputError) throw missingInput(`-g: ${error.message}`);
      throw error;
    }
    return;
  }
  refuseLonger(requestLength, capacity);
}

function refuseLonger(requestLength: number, capacity: number): void {
  if (requestLength > capacity) {
    throw missingInput(
      `a request of ${requestLength} bytes does not fit one kernel request on this socket (at most ${capacity} bytes): ` +
        'the kernel would split it into several requests',
    );
  }
}

/** `failureLines`: the reference's stdout lines for a failed operation, given its error. */
export async function runJob(job: AioJob, failureLines: (error: unknown) => readonly string[]): Promise<JobResult> {
  const { transform, set, plan, options } = job;
  const allocate = allocator(options);
  const ports: OperationPort[] = [];
  const requestLength = Math.max(set.inputs[0]?.length ?? 0, set.outputLength);
  try {
    for (let handle = 0; handle < Math.min(plan.handles, set.inputs.length); handle++) {
      const path = options.aioFallback ? 'sync' : plan.path;
      ports.push(new OperationPort(transform.accept(), { path, vmsplice: options.vmsplice, requestLength }));
    }
    const first = ports[0];
    if (first === undefined) throw new Error('no operation socket');
    refuseSplitRequests(job, first.sendCapacity, requestLength);
    if (options.aioFallback) {
      const started = process.hrtime.bigint();
      const reads =
        job.fallback === 'stream' ? await streamFallback(first, set, allocate) : await independentFallback(first, set, allocate);
      return { reads, run: undefined, durationNs: Number(process.hrtime.bigint() - started) };
    }
    const mode = job.oneRequestPerSend ? 'inline-iv' : plan.mode;
    const run = await runRequests(ports, set, { mode, handles: plan.handles, allocate });
    return { reads: run.reads, run, durationNs: run.cryptoNs };
  } catch (error) {
    throw aioFailure(error, failureLines(error));
  } finally {
    for (const port of ports) port.close();
  }
}

/** The first request that failed with something other than `tolerated`, as the reference reports it. */
export function firstFailure(reads: readonly RequestRead[], tolerated: readonly string[] = []): string | undefined {
  for (const read of reads) if ('error' in read && !tolerated.includes(read.error)) return read.error;
  return undefined;
}

export function outcomes(reads: readonly RequestRead[]): RequestOutcome[] {
  return reads.map((read) => ('error' in read ? { error: read.error } : { output: Buffer.from(read.buffer.subarray(0, read.bytes)) }));
}

export interface Metadata {
  readonly algorithm: string;
  readonly driver: string | undefined;
  readonly driverAsync: boolean | undefined;
  readonly ivSize: number | undefined;
  readonly blockSize: number | undefined;
}

/** The implementation behind the transform; the run goes on without it when the kernel does not say. */
export function metadataOf(transform: Transform, cipher: string): Metadata {
  try {
    const info = algorithmInfo(transform);
    return {
      algorithm: info.name || cipher,
      driver: info.driver || undefined,
      driverAsync: info.async,
      ivSize: info.ivSize,
      blockSize: info.blockSize,
    };
  } catch {
    return { algorithm: cipher, driver: undefined, driverAsync: undefined, ivSize: undefined, blockSize: undefined };
  }
}

export interface Finish {
  readonly job: AioJob;
  readonly result: JobResult;
  readonly metadata: Metadata;
  /** The result line (hex, or EBADMSG). */
  readonly line: string;
  /** For --check; undefined when there is no software model of the algorithm. */
  readonly model: RequestSetModel | undefined;
  readonly zeroIv: Uint8Array;
}

/** --check without a software answer for these inputs is a usage error, not a mismatch. */
function checkOrExplain(...args: Parameters<typeof checkRequests>): CheckReport {
  try {
    return checkRequests(...args);
  } catch (error) {
    if (error instanceof NoSoftwareReference) throw new UsageError(`--check: ${error.message}`);
    throw error;
  }
}

function diagnostic(line: string): void {
  process.stderr.write(`kcapi: ${line}\n`);
}

/** Prints the result line (or the --json document), then --check, --verbose and -f. */
export function finish(output: Output, finishing: Finish): void {
  const { job, result, metadata, line } = finishing;
  const { options, plan, set } = job;
  let check: CheckReport | undefined;
  if (options.check) {
    if (finishing.model === undefined) {
      throw new UsageError(`--check has no software model of ${metadata.algorithm} (cbc, ctr, xts, ecb, gcm, ccm, rfc4106 with AES)`);
    }
    check = checkOrExplain(
      finishing.model,
      {
        mode: options.aioFallback ? 'chained' : plan.mode,
        handles: options.aioFallback ? 1 : plan.handles,
        inputs: set.inputs,
        ivs: set.ivs.map((iv) => iv ?? finishing.zeroIv),
      },
      outcomes(result.reads),
    );
  }
  const document = runDocument(
    {
      kernel: release(),
      algorithm: metadata.algorithm,
      driver: metadata.driver,
      driverAsync: metadata.driverAsync,
      mode: options.aioFallback ? 'chained' : plan.mode,
      path: options.aioFallback ? 'fallback' : plan.path,
      requests: plan.requests,
      requestBytes: set.inputs[0]?.length ?? 0,
      handles: options.aioFallback ? 1 : plan.handles,
    },
    result.run,
    line,
    check,
  );
  if (options.json) output.line(JSON.stringify(options.timing ? { ...document, durationNs: result.durationNs } : document));
  else {
    output.line(line);
    if (options.timing) output.line(`duration ${result.durationNs}`);
  }
  if (options.verbose) for (const text of describeRun(document)) diagnostic(text);
  if (check) {
    if (!options.json) for (const text of describeCheck(check)) diagnostic(`check: ${text}`);
    if (!check.passed) {
      throw new OperationError(`--check: the kernel's output is not what --mode ${check.mode} expects`, []);
    }
  }
}

/** A request the kernel failed: the reference's stdout line for it, exit status 1. */
export function requestFailure(code: string, stdoutLines: readonly string[]): OperationError {
  return new OperationError(`an AIO request failed: ${code}`, stdoutLines);
}
