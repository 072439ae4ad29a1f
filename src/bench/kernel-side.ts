/**
 * The AF_ALG side: each bench mode as the project's own request machinery runs it.
 * oneshot: Skcipher.encrypt (send with IV + read per request); stream: SkcipherStream.update
 * (the kernel carries the IV); chained, inline-iv and fanout:N: runRequests over
 * OperationPorts (AIO; fan-out sends and waits on pool threads, one socket per handle).
 */
import { randomBytes } from 'node:crypto';
import { Skcipher } from '../kernel/skcipher.js';
import { Transform } from '../kernel/transform.js';
import type { AioPath } from '../modes/request-port.js';
import { OperationPort } from '../modes/kernel-port.js';
import { maxBatch, runRequests, type RequestSet, type RunResult } from '../modes/request-runner.js';
import type { BenchMode } from './options.js';
import type { CipherWork, Workload } from './workload.js';

const encrypt = 1;

function aioPath(mode: BenchMode): AioPath {
  return mode.kind === 'fanout' ? 'thread' : 'sync';
}

/** A transform with the work's key and `handles` operation sockets behind request ports. */
export function openPorts(work: CipherWork, mode: BenchMode): { ports: OperationPort[]; close(): void } {
  const transform = Transform.open('skcipher', work.algorithm);
  try {
    transform.setKey(work.key);
    const ports = Array.from(
      { length: mode.handles },
      () => new OperationPort(transform.accept(), { path: aioPath(mode), vmsplice: false }),
    );
    return {
      ports,
      close: () => {
        for (const port of ports) port.close();
        transform.close();
      },
    };
  } catch (error) {
    transform.close();
    throw error;
  }
}

/** Requests one round gives every socket: a whole batch (chained, fanout) or a single request. */
export function requestsPerSocket(mode: BenchMode, size: number, sendCapacity: number): number {
  if (mode.kind === 'inline-iv') return 1;
  return Math.max(1, Math.min(maxBatch, Math.floor(sendCapacity / size)));
}

export function requestSet(inputs: readonly Uint8Array[], ivs: readonly Uint8Array[], outputLength: number): RequestSet {
  return { op: encrypt, inputs, outputLength, ivs: ivs.map((iv) => (iv.length > 0 ? iv : undefined)) };
}

/** The output of each request of a run, or an error naming the first request that failed. */
export function outputsOf(result: RunResult): Uint8Array[] {
  return result.reads.map((read, index) => {
    if ('error' in read) throw new Error(`request ${index} failed with ${read.error}`);
    return read.buffer.subarray(0, read.bytes);
  });
}

export function kernelWorkload(mode: BenchMode, work: CipherWork): Workload {
  const input = randomBytes(work.size);
  if (mode.kind === 'oneshot' || mode.kind === 'stream') {
    const cipher = Skcipher.open(work.algorithm, work.key);
    try {
      if (mode.kind === 'oneshot') {
        const iv = work.iv.length > 0 ? work.iv : undefined;
        return { round: () => (cipher.encrypt(input, iv), { requests: 1 }), close: () => cipher.close() };
      }
      const stream = cipher.stream('encrypt', work.iv.length > 0 ? work.iv : undefined);
      return { round: () => (stream.update(input), { requests: 1 }), close: () => cipher.close() };
    } catch (error) {
      cipher.close();
      throw error;
    }
  }
  const opened = openPorts(work, mode);
  const perSocket = requestsPerSocket(mode, work.size, opened.ports[0]!.sendCapacity);
  const count = perSocket * mode.handles;
  const set = requestSet(Array<Uint8Array>(count).fill(input), Array<Uint8Array>(count).fill(work.iv), work.size);
  const settings = { mode: mode.kind === 'inline-iv' ? ('inline-iv' as const) : ('chained' as const), handles: mode.handles };
  return {
    round: async () => {
      outputsOf(await runRequests(opened.ports, set, settings));
      return { requests: count };
    },
    close: () => opened.close(),
  };
}
