/** RequestPort over one operation socket of src/kernel and an AIO context of its own. */
import type { Operation, SendOptions as KernelSendOptions } from '../kernel/operation.js';
import { ensureRequestCapacity } from '../kernel/request-capacity.js';
import { AioReader } from './aio-context.js';
import type { AioBatchResult, AioPath, RequestPort, SendOptions } from './request-port.js';
import { KernelFailure } from '../kernel/errors.js';

export interface PortOptions {
  /** Where AIO waits (see AioPath); `thread` also sends from a pool thread. */
  readonly path: AioPath;
  /** Feed the data with vmsplice + splice (-v). */
  readonly vmsplice: boolean;
  /** Grow the socket buffers (where the kernel allows) until one request of this many bytes fits. */
  readonly requestLength?: number;
}

export class OperationPort implements RequestPort {
  /** The most one kernel request on this socket takes whole (send and receive buffers, optmem). */
  readonly sendCapacity: number;
  readonly #operation: Operation;
  readonly #reader: AioReader;
  readonly #options: PortOptions;

  constructor(operation: Operation, options: PortOptions) {
    this.#operation = operation;
    this.#options = options;
    this.sendCapacity = ensureRequestCapacity(operation, options.requestLength ?? 0);
    this.#reader = new AioReader(operation, options.path);
  }

  get operation(): Operation {
    return this.#operation;
  }

  async send(data: Uint8Array, options: SendOptions): Promise<void> {
    const control: KernelSendOptions = {
      op: options.op === 1 ? 'encrypt' : 'decrypt',
      ...(options.iv === undefined ? {} : { iv: options.iv }),
      ...(options.assocLength === undefined ? {} : { assocLen: options.assocLength }),
      more: options.more === true,
    };
    const operation = this.#operation;
    const spliced = this.#options.vmsplice && data.length > 0;
    const sent =
      this.#options.path === 'thread'
        ? await (spliced ? operation.sendSplicedAsync(data, control) : operation.sendAsync(data, control))
        : spliced
          ? operation.sendSpliced(data, control)
          : operation.send(data, control);
    if (sent !== data.length) throw new KernelFailure(`the kernel took ${sent} of ${data.length} bytes`);
  }

  submitReads(buffers: readonly Uint8Array[]): Promise<AioBatchResult> {
    return this.#reader.submitReads(buffers);
  }

  read(buffer: Uint8Array): number {
    return this.#operation.readInto(buffer);
  }

  close(): void {
    this.#reader.close();
    this.#operation.close();
  }
}
