/**
 * Typed access to the addon's AioContext (native/aio_context.cc): Linux AIO through raw
 * io_setup / io_submit / io_getevents, one IOCB_CMD_PREAD per buffer on an operation socket,
 * an eventfd attached to every iocb.
 */
import { native, type NativeOperationSocket } from '../native.js';
import type { Operation } from '../kernel/operation.js';
import type { AioBatchResult, AioPath } from './request-port.js';

/** What the addon returns for one batch: per-request values in typed arrays, no errno names. */
export interface NativeAioBatchResult extends Omit<AioBatchResult, 'codes' | 'results' | 'inFlightAtSubmit'> {
  readonly results: Int32Array;
  /** 1 where the request had no completion event yet right after io_submit. */
  readonly inFlightAtSubmit: Uint8Array;
}

export interface NativeAioContext {
  /** Submit, then wait on this thread. */
  submitSync(operation: NativeOperationSocket, buffers: readonly Uint8Array[]): NativeAioBatchResult;
  /** Submit; the event loop watches the eventfd and settles the promise. */
  submit(operation: NativeOperationSocket, buffers: readonly Uint8Array[]): Promise<NativeAioBatchResult>;
  /** Submit and wait on a libuv pool thread (the context is busy until it settles). */
  submitInThread(operation: NativeOperationSocket, buffers: readonly Uint8Array[]): Promise<NativeAioBatchResult>;
  /** Waits for requests still in flight, then io_destroy. Idempotent. */
  close(): void;
  readonly closed: boolean;
  readonly capacity: number;
  /** Requests submitted and not yet reaped. */
  readonly pending: number;
}

declare module '../native.js' {
  interface NativeAddon {
    AioContext: (new (capacity?: number) => NativeAioContext) & { readonly maxBatch: number };
  }
}

/** Requests one io_submit takes (and the context's ring holds). */
export function maxAioBatch(): number {
  return native().AioContext.maxBatch;
}

/** An AIO context of its own for one operation socket. */
export class AioReader implements Disposable {
  readonly #context: NativeAioContext;
  readonly #socket: NativeOperationSocket;

  constructor(
    operation: Operation,
    readonly path: AioPath,
  ) {
    this.#socket = operation.nativeSocket;
    this.#context = new (native().AioContext)(maxAioBatch());
  }

  /** One PREAD per buffer in one io_submit. Rejects with a KernelError when io_submit fails. */
  async submitReads(buffers: readonly Uint8Array[]): Promise<AioBatchResult> {
    let result: NativeAioBatchResult;
    switch (this.path) {
      case 'sync':
        result = this.#context.submitSync(this.#socket, buffers);
        break;
      case 'event':
        result = await this.#context.submit(this.#socket, buffers);
        break;
      case 'thread':
        result = await this.#context.submitInThread(this.#socket, buffers);
        break;
    }
    const { errnoName } = native();
    const results = Array.from(result.results);
    return {
      ...result,
      results,
      inFlightAtSubmit: Array.from(result.inFlightAtSubmit, (flag) => flag !== 0),
      codes: results.map((value) => (value < 0 ? errnoName(-value) : undefined)),
    };
  }

  close(): void {
    this.#context.close();
  }

  [Symbol.dispose](): void {
    this.close();
  }
}
