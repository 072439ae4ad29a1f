import { describe, expect, it } from 'vitest';
import { newReadStats, readBatch } from '../../src/modes/aio-reader.js';
import type { AioBatchResult, RequestPort } from '../../src/modes/request-port.js';
import { batchesOf, handleRequests, RequestTooLargeError } from '../../src/modes/request-runner.js';

describe('spreading requests over sockets and batches', () => {
  it('gives request i to socket i mod H', () => {
    expect([0, 1, 2].map((handle) => handleRequests(handle, 3, 7))).toEqual([
      [0, 3, 6],
      [1, 4],
      [2, 5],
    ]);
  });

  it('caps a batch at 64 requests and at the socket send buffer', () => {
    const indices = Array.from({ length: 130 }, (_, index) => index);
    expect(batchesOf(indices, 16, 212992).map((batch) => batch.length)).toEqual([64, 64, 2]);
    expect(batchesOf(indices.slice(0, 8), 65536, 212992).map((batch) => batch.length)).toEqual([3, 3, 2]);
    expect(() => batchesOf([0], 300000, 212992)).toThrow(RequestTooLargeError);
  });
});

/**
 * A port that answers io_submit from a script, standing in for a v6.8+ kernel with an
 * asynchronous driver (tested for real on the 6.12 guest): it hands out queued inputs in
 * the order it accepts requests, and refuses with EBUSY while one is in flight.
 */
function scriptedPort(script: (group: number) => number[]): RequestPort & { inputsConsumed: number } {
  let calls = 0;
  const port = {
    sendCapacity: 1 << 20,
    inputsConsumed: 0,
    async send() {},
    read: () => 0,
    close() {},
    async submitReads(buffers: readonly Uint8Array[]): Promise<AioBatchResult> {
      const results = script(calls++).slice(0, buffers.length);
      results.forEach((result, index) => {
        if (result >= 0) buffers[index]![0] = port.inputsConsumed++;
      });
      return {
        results,
        codes: results.map((result) => (result === -16 ? 'EBUSY' : result < 0 ? 'EBADMSG' : undefined)),
        inFlightAtSubmit: results.map((_, index) => index === 0),
        submitted: buffers.length,
        submitErrno: 0,
        submitNs: 1,
        totalNs: 2,
      };
    },
  };
  return port;
}

describe('readBatch after EBUSY', () => {
  it('resubmits refused requests one at a time and returns results in the order inputs were consumed', async () => {
    const port = scriptedPort((call) => (call === 0 ? [16, -16, 16, -16] : [16]));
    const buffers = Array.from({ length: 4 }, () => new Uint8Array(16).fill(0xff));
    const stats = newReadStats();
    const reads = await readBatch(port, buffers, stats);
    expect(reads.map((read) => read.buffer[0])).toEqual([0, 1, 2, 3]);
    expect(reads.map((read) => (buffers as Uint8Array[]).indexOf(read.buffer))).toEqual([0, 2, 1, 3]);
    expect(stats).toMatchObject({ submitCalls: 3, requests: 4, retries: { EBUSY: 2 }, serialized: true });
  });

  it("keeps other errors as the request's result (the input was consumed)", async () => {
    const port = scriptedPort(() => [16, -74]);
    const reads = await readBatch(port, [new Uint8Array(16), new Uint8Array(16)], newReadStats());
    expect(reads.map((read) => ('error' in read ? read.error : read.bytes))).toEqual([16, 'EBADMSG']);
  });
});
