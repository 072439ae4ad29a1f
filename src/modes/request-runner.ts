/**
 * Runs N requests over H operation sockets of one transform (request i on socket i mod H),
 * in one of two modes:
 * - chained: each socket gets its requests in batches (at most 64, and no more input than
 *   the socket buffers); one send per batch with the operation and the AAD length, the IV
 *   only with the first batch, so the kernel carries the IV from request to request;
 * - inline-iv: each request is sent with its own IV and read before the next is sent.
 * Sockets run side by side; results come back in request order.
 */
import type { RequestMode } from '../ops/options.js';
import { newReadStats, readBatch, type ReadStats, type RequestRead } from './aio-reader.js';
import type { RequestPort } from './request-port.js';
import { KernelFailure } from '../kernel/errors.js';

export const maxBatch = 64;

export interface RequestSet {
  /** ALG_OP_ENCRYPT (1) or ALG_OP_DECRYPT (0). */
  readonly op: 0 | 1;
  /** Each request's input, all the same length (AEAD: AAD ‖ data). */
  readonly inputs: readonly Uint8Array[];
  /** Bytes each request's output holds. */
  readonly outputLength: number;
  /**
   * The IV of each request (inline-iv); socket h starts from ivs[h] (chained). Undefined:
   * no ALG_SET_IV (the socket's IV buffer starts zeroed).
   */
  readonly ivs: readonly (Uint8Array | undefined)[];
  /** AEAD: bytes of associated data at the start of each input. */
  readonly assocLength?: number;
}

export interface RunSettings {
  readonly mode: RequestMode;
  readonly handles: number;
  /** Output buffers (page-aligned ones for -m). */
  readonly allocate?: (length: number) => Uint8Array;
}

export interface HandleReport {
  readonly handle: number;
  readonly requests: number;
  readonly batches: number;
  readonly stats: ReadStats;
  /** From the socket's first send to its last completion. */
  readonly elapsedNs: number;
}

export interface RunResult {
  /** Request order. */
  readonly reads: readonly RequestRead[];
  readonly handles: readonly HandleReport[];
  readonly elapsedNs: number;
  /** Time spent in the sends and AIO calls, summed over sockets (the -f duration). */
  readonly cryptoNs: number;
}

export class RequestTooLargeError extends KernelFailure {
  override name = 'RequestTooLargeError';
}

/** Request indices of socket `handle`: handle, handle + H, handle + 2H, ... */
export function handleRequests(handle: number, handles: number, requests: number): number[] {
  const indices: number[] = [];
  for (let index = handle; index < requests; index += handles) indices.push(index);
  return indices;
}

/** Splits a socket's requests into batches that fit both the AIO batch and the send buffer. */
export function batchesOf(indices: readonly number[], inputLength: number, sendCapacity: number): number[][] {
  if (inputLength > sendCapacity) {
    throw new RequestTooLargeError(`a request of ${inputLength} bytes does not fit the socket's send buffer of ${sendCapacity} bytes`);
  }
  const perBatch = Math.max(1, Math.min(maxBatch, inputLength === 0 ? maxBatch : Math.floor(sendCapacity / inputLength)));
  const batches: number[][] = [];
  for (let start = 0; start < indices.length; start += perBatch) batches.push(indices.slice(start, start + perBatch));
  return batches;
}

function now(): bigint {
  return process.hrtime.bigint();
}

interface HandleWork {
  readonly port: RequestPort;
  readonly handle: number;
  readonly indices: readonly number[];
}

async function runHandle(
  work: HandleWork,
  set: RequestSet,
  settings: RunSettings,
  reads: RequestRead[],
): Promise<{ report: HandleReport; cryptoNs: bigint }> {
  const { port, handle, indices } = work;
  const allocate = settings.allocate ?? ((length: number) => Buffer.alloc(length));
  const stats = newReadStats();
  const start = now();
  let cryptoNs = 0n;
  const batches =
    settings.mode === 'chained' ? batchesOf(indices, set.inputs[0]?.length ?? 0, port.sendCapacity) : indices.map((index) => [index]);
  for (const [position, batch] of batches.entries()) {
    const first = batch[0] ?? 0;
    const iv = settings.mode === 'chained' && position > 0 ? undefined : set.ivs[first];
    const data =
      batch.length === 1
        ? (set.inputs[first] ?? new Uint8Array(0))
        : Buffer.concat(batch.map((index) => set.inputs[index] ?? new Uint8Array(0)));
    const buffers = batch.map(() => allocate(set.outputLength));
    const before = now();
    await port.send(data, {
      op: set.op,
      ...(iv === undefined ? {} : { iv }),
      ...(set.assocLength === undefined ? {} : { assocLength: set.assocLength }),
    });
    const results = await readBatch(port, buffers, stats);
    cryptoNs += now() - before;
    results.forEach((read, position) => {
      reads[batch[position] ?? 0] = read;
    });
  }
  return {
    report: { handle, requests: indices.length, batches: batches.length, stats, elapsedNs: Number(now() - start) },
    cryptoNs,
  };
}

/**
 * Runs the request set. `ports` are H operation sockets accepted from one transform; the
 * caller opens and closes them.
 */
export async function runRequests(ports: readonly RequestPort[], set: RequestSet, settings: RunSettings): Promise<RunResult> {
  const handles = Math.min(ports.length, Math.max(1, set.inputs.length));
  const reads: RequestRead[] = new Array<RequestRead>(set.inputs.length);
  const start = now();
  const settled = await Promise.allSettled(
    ports
      .slice(0, handles)
      .map((port, handle) =>
        runHandle({ port, handle, indices: handleRequests(handle, handles, set.inputs.length) }, set, settings, reads),
      ),
  );
  const failure = settled.find((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected');
  if (failure) throw failure.reason;
  const done = settled.map((outcome) => (outcome as PromiseFulfilledResult<{ report: HandleReport; cryptoNs: bigint }>).value);
  return {
    reads,
    handles: done.map((entry) => entry.report),
    elapsedNs: Number(now() - start),
    cryptoNs: Number(done.reduce((sum, entry) => sum + entry.cryptoNs, 0n)),
  };
}
