/**
 * What a request-mode run did, for `--verbose` (lines for stderr) and `--json` (one
 * document): the driver that served the requests, how many were in flight when io_submit
 * returned (truly asynchronous AIO) or completed inside it, EBUSY and other retries, and
 * per-socket timing.
 */
import type { RequestMode } from '../ops/options.js';
import type { CheckReport } from './check.js';
import type { AioPath } from './request-port.js';
import type { HandleReport, RunResult } from './request-runner.js';

export interface RunDescription {
  readonly kernel: string;
  readonly algorithm: string;
  /** The implementation that served the requests (cra_driver_name), if the kernel said. */
  readonly driver: string | undefined;
  readonly driverAsync: boolean | undefined;
  readonly mode: RequestMode;
  /** `fallback` for -g (no AIO). */
  readonly path: AioPath | 'fallback';
  readonly requests: number;
  readonly requestBytes: number;
  readonly handles: number;
}

export interface AioSummary {
  readonly submitCalls: number;
  readonly inFlightAtSubmit: number;
  readonly completedInSubmit: number;
  /** Some request was still in flight when io_submit returned. */
  readonly asynchronous: boolean;
  readonly retries: Readonly<Record<string, number>>;
  readonly serializedAfterEbusy: boolean;
  readonly shortReads: number;
}

export function summarizeAio(handles: readonly HandleReport[]): AioSummary {
  const retries: Record<string, number> = {};
  let submitCalls = 0;
  let inFlightAtSubmit = 0;
  let completedInSubmit = 0;
  let shortReads = 0;
  let serialized = false;
  for (const { stats } of handles) {
    submitCalls += stats.submitCalls;
    inFlightAtSubmit += stats.inFlightAtSubmit;
    completedInSubmit += stats.completedInSubmit;
    shortReads += stats.shortReads;
    serialized ||= stats.serialized;
    for (const [code, count] of Object.entries(stats.retries)) retries[code] = (retries[code] ?? 0) + count;
  }
  return {
    submitCalls,
    inFlightAtSubmit,
    completedInSubmit,
    asynchronous: inFlightAtSubmit > 0,
    retries,
    serializedAfterEbusy: serialized,
    shortReads,
  };
}

export interface RunDocument extends RunDescription {
  readonly output: string;
  readonly elapsedNs: number;
  readonly cryptoNs: number;
  readonly aio: AioSummary | null;
  readonly perHandle: readonly {
    readonly handle: number;
    readonly requests: number;
    readonly batches: number;
    readonly elapsedNs: number;
    readonly submitCalls: number;
    readonly inFlightAtSubmit: number;
    readonly completedInSubmit: number;
    readonly retries: Readonly<Record<string, number>>;
  }[];
  readonly check: {
    readonly passed: boolean;
    readonly counts: CheckReport['counts'];
    readonly requests: readonly string[];
  } | null;
}

export function runDocument(
  description: RunDescription,
  run: Pick<RunResult, 'handles' | 'elapsedNs' | 'cryptoNs'> | undefined,
  output: string,
  check: CheckReport | undefined,
): RunDocument {
  return {
    ...description,
    output,
    elapsedNs: run?.elapsedNs ?? 0,
    cryptoNs: run?.cryptoNs ?? 0,
    aio: run ? summarizeAio(run.handles) : null,
    perHandle: (run?.handles ?? []).map((handle) => ({
      handle: handle.handle,
      requests: handle.requests,
      batches: handle.batches,
      elapsedNs: handle.elapsedNs,
      submitCalls: handle.stats.submitCalls,
      inFlightAtSubmit: handle.stats.inFlightAtSubmit,
      completedInSubmit: handle.stats.completedInSubmit,
      retries: handle.stats.retries,
    })),
    check: check ? { passed: check.passed, counts: check.counts, requests: check.requests.map((request) => request.match) } : null,
  };
}

function milliseconds(ns: number): string {
  return `${(ns / 1e6).toFixed(2)} ms`;
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

/** Human-readable lines for --verbose. */
export function describeRun(document: RunDocument): string[] {
  const driver =
    document.driver === undefined
      ? 'driver unknown (no metadata)'
      : `driver ${document.driver}${document.driverAsync === undefined ? '' : document.driverAsync ? ' (asynchronous implementation)' : ' (synchronous implementation)'}`;
  const lines = [
    `kernel ${document.kernel}: ${document.algorithm} served by ${driver}`,
    `${plural(document.requests, 'request')} of ${document.requestBytes} bytes, mode ${document.mode}, ${plural(document.handles, 'operation socket')}, ${document.path === 'fallback' ? 'synchronous fallback (-g), no AIO' : `AIO waiting ${document.path === 'sync' ? 'on the calling thread' : document.path === 'event' ? 'in the event loop (eventfd)' : 'on pool threads'}`}`,
  ];
  const aio = document.aio;
  if (aio && document.path !== 'fallback') {
    const total = aio.inFlightAtSubmit + aio.completedInSubmit;
    lines.push(
      `io_submit calls: ${aio.submitCalls}; in flight when io_submit returned: ${aio.inFlightAtSubmit} of ${total}` +
        (aio.asynchronous ? ' (AIO truly asynchronous)' : ' (every request completed inside io_submit: not asynchronous)'),
    );
    const retries = Object.entries(aio.retries);
    lines.push(
      retries.length === 0
        ? 'retries: none (EBUSY 0)'
        : `retries: ${retries.map(([code, count]) => `${code} ${count}`).join(', ')}${aio.serializedAfterEbusy ? '; after EBUSY one request per io_submit' : ''}`,
    );
    if (aio.shortReads > 0) lines.push(`short reads: ${aio.shortReads} requests returned fewer bytes than asked`);
  }
  for (const handle of document.perHandle) {
    lines.push(
      `handle ${handle.handle}: ${plural(handle.requests, 'request')} in ${handle.batches} batch${handle.batches === 1 ? '' : 'es'}, ${milliseconds(handle.elapsedNs)}`,
    );
  }
  lines.push(`total ${milliseconds(document.elapsedNs)}`);
  return lines;
}
