/**
 * Reads a batch of requests from one operation socket with AIO, retrying requests the kernel
 * refused without consuming their input (EBUSY: a second request in flight on v6.8+;
 * EAGAIN, ENOMEM: out of AIO slots or socket memory), and keeping count of what happened.
 *
 * A refused request leaves its input queued, so the next accepted request consumes it: the
 * kernel hands out input in the order it accepts requests. All requests of a batch have the
 * same size, so the k-th accepted request holds the k-th input's result; `readBatch` returns
 * the buffers in that order.
 */
import type { AioBatchResult, RequestPort, SystemCallError } from './request-port.js';
import { KernelFailure } from '../kernel/errors.js';

const refusedWithoutConsuming = new Set(['EBUSY', 'EAGAIN', 'ENOMEM']);
const maxRounds = 10_000;

export interface ReadStats {
  /** io_submit calls made. */
  submitCalls: number;
  requests: number;
  /** Requests with no completion yet right after io_submit returned (truly asynchronous). */
  inFlightAtSubmit: number;
  /** Requests already complete when io_submit returned. */
  completedInSubmit: number;
  /** Requests resubmitted, by the error that refused them. */
  retries: Record<string, number>;
  /** After a refusal the socket gets one request per io_submit. */
  serialized: boolean;
  /** Reads that returned fewer bytes than their buffer holds. */
  shortReads: number;
  submitNs: number;
  aioNs: number;
}

export function newReadStats(): ReadStats {
  return {
    submitCalls: 0,
    requests: 0,
    inFlightAtSubmit: 0,
    completedInSubmit: 0,
    retries: {},
    serialized: false,
    shortReads: 0,
    submitNs: 0,
    aioNs: 0,
  };
}

export type RequestRead = { readonly buffer: Uint8Array; readonly bytes: number } | { readonly buffer: Uint8Array; readonly error: string };

export class AioRetryError extends KernelFailure {
  override name = 'AioRetryError';
}

function count(stats: ReadStats, code: string): void {
  stats.retries[code] = (stats.retries[code] ?? 0) + 1;
}

function isRefusal(error: unknown): error is SystemCallError {
  const code = (error as SystemCallError | undefined)?.code;
  return code !== undefined && refusedWithoutConsuming.has(code);
}

/** io_submit itself refused: give the kernel a moment before trying again. */
function pause(round: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.min(round, 10)));
}

/**
 * Reads one result per buffer (a batch of at most 64) and returns them in the order the
 * kernel consumed the inputs. Updates `stats`, including `serialized`, which carries over to
 * the next batch on the same socket.
 */
export async function readBatch(port: RequestPort, buffers: readonly Uint8Array[], stats: ReadStats): Promise<RequestRead[]> {
  const reads: RequestRead[] = [];
  let queue = buffers.slice();
  for (let round = 0; queue.length > 0; round++) {
    if (round >= maxRounds) {
      throw new AioRetryError(`the kernel kept refusing ${queue.length} AIO requests after ${maxRounds} rounds`);
    }
    const group = stats.serialized ? queue.slice(0, 1) : queue;
    let batch: AioBatchResult;
    try {
      batch = await port.submitReads(group);
    } catch (error) {
      if (!isRefusal(error)) throw error;
      count(stats, error.code ?? 'EAGAIN');
      await pause(round);
      continue;
    }
    stats.submitCalls++;
    stats.submitNs += batch.submitNs;
    stats.aioNs += batch.totalNs;
    const retry: Uint8Array[] = [];
    group.forEach((buffer, index) => {
      const result = batch.results[index] ?? 0;
      const code = batch.codes[index];
      if (index < batch.submitted) {
        if (batch.inFlightAtSubmit[index]) stats.inFlightAtSubmit++;
        else stats.completedInSubmit++;
      }
      if (result < 0 && code !== undefined && refusedWithoutConsuming.has(code)) {
        count(stats, code);
        if (code === 'EBUSY') stats.serialized = true;
        retry.push(buffer);
        return;
      }
      stats.requests++;
      if (result < 0) {
        reads.push({ buffer, error: code ?? `errno ${-result}` });
      } else {
        if (result < buffer.length) stats.shortReads++;
        reads.push({ buffer, bytes: result });
      }
    });
    queue = [...retry, ...queue.slice(group.length)];
  }
  return reads;
}
