import { readFileSync } from 'node:fs';

import { native } from '../native.js';
import type { Operation } from './operation.js';

/**
 * How many bytes one kernel request can take on this operation socket:
 * - input is queued whole in the send buffer (sndbuf, rounded down to pages);
 * - output is pinned while the receive buffer has a page free, so one page of it stays in reserve;
 * - the kernel's per-request bookkeeping (input scatterlists, about 4 KiB per 126 pages, and
 *   output scatterlists, about 700 bytes per 16 pages) is charged to net.core.optmem_max
 *   (20 KiB on 6.1: ENOMEM somewhat below 1 MiB).
 * Beyond this a request either blocks its writer (AEAD) or is split by the kernel into several
 * cipher requests (skcipher), which only chains for modes that carry their IV (CBC, CTR).
 */
export function requestCapacity(operation: Operation): number {
  const page = native().pageSize;
  const { send, receive } = operation.socketBuffers;
  return Math.max(page, Math.min(roundDown(send, page), roundDown(receive, page) - page, allocationLimit()));
}

/** Grows the socket buffers (where the kernel allows) until a request of `length` bytes fits; returns the capacity. */
export function ensureRequestCapacity(operation: Operation, length: number, capacity = requestCapacity(operation)): number {
  if (length <= capacity || capacity >= allocationLimit()) return capacity;
  const page = native().pageSize;
  const needed = roundDown(Math.min(length, allocationLimit()) + page - 1, page) + page;
  operation.growSocketBuffers({ send: needed, receive: needed + page });
  return requestCapacity(operation);
}

const OPTMEM_BYTES_PER_REQUEST_BYTE = 4096 / (126 * 4096) + 704 / (16 * 4096);
const OPTMEM_RESERVE = 4096; // the request itself and the cipher's request context
const UNIT = 64 * 1024;
let cachedAllocationLimit: number | undefined;

/** The largest request net.core.optmem_max leaves room for (768 KiB for 6.1's 20 KiB), in 64 KiB units. */
export function allocationLimit(): number {
  if (cachedAllocationLimit === undefined) {
    let optmem = 20480;
    try {
      optmem = Number.parseInt(readFileSync('/proc/sys/net/core/optmem_max', 'latin1'), 10) || optmem;
    } catch {
      // no procfs: assume the smallest default
    }
    // 10% margin over the estimate: unaligned buffers need an extra output scatterlist now and then.
    const estimate = (optmem - OPTMEM_RESERVE) / (OPTMEM_BYTES_PER_REQUEST_BYTE * 1.1);
    cachedAllocationLimit = Math.max(UNIT, roundDown(estimate, UNIT));
  }
  return cachedAllocationLimit;
}

function roundDown(value: number, unit: number): number {
  return value - (value % unit);
}
