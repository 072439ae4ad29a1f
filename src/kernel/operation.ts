import { native, type NativeOperationSocket } from '../native.js';
import type { Transform } from './transform.js';
import { InvalidArgumentError, type KernelError } from './errors.js';
import { requireBytes, requireInteger } from './validate.js';

/** Control data for one sendmsg (ALG_SET_OP, ALG_SET_IV, ALG_SET_AEAD_ASSOCLEN) and MSG_MORE. */
export interface SendOptions {
  /** ALG_SET_OP; a number is passed through unchecked (for probing the kernel's validation). */
  op?: 'encrypt' | 'decrypt' | number;
  /** ALG_SET_IV; its length must be the algorithm's IV size. */
  iv?: Uint8Array;
  /** ALG_SET_AEAD_ASSOCLEN: how many leading bytes of the AEAD input are associated data. */
  assocLen?: number;
  /** MSG_MORE: the request continues with the next send. */
  more?: boolean;
}

export interface ReadOptions {
  /** Read into page-aligned memory. */
  aligned?: boolean;
}

export interface SocketBuffers {
  /** SO_SNDBUF as the kernel accounts it: bounds the input one request can queue. */
  send: number;
  /** SO_RCVBUF: bounds the output one kernel request produces. */
  receive: number;
}

const SOL_SOCKET = 1;
const SO_SNDBUF = 7;
const SO_RCVBUF = 8;
const SO_SNDBUFFORCE = 32;
const SO_RCVBUFFORCE = 33;
const MAX_LENGTH = 0x7fff_ffff;
const NO_OPTIONS: SendOptions = {};

function opCode(op: SendOptions['op']): number {
  if (op === undefined) return -1;
  if (op === 'encrypt') return 1;
  if (op === 'decrypt') return 0;
  if (typeof op === 'number' && Number.isInteger(op) && op >= 0 && op <= 0xffff_ffff) return op;
  throw new InvalidArgumentError(`op must be 'encrypt', 'decrypt' or a 32-bit unsigned number, got ${String(op)}`);
}

function assocLength(assocLen: number | undefined): number {
  if (assocLen === undefined) return -1;
  requireInteger(assocLen, 'assocLen', 0, 0xffff_ffff);
  return assocLen;
}

function checkSend(data: Uint8Array | null, options: SendOptions): void {
  if (data !== null) requireBytes(data, 'data');
  if (options.iv !== undefined) requireBytes(options.iv, 'iv');
}

/**
 * An operation socket accepted from a Transform: one stream of requests with its own IV,
 * operation and queued input. Every method is one system call (plus buffer allocation).
 */
export class Operation implements Disposable {
  readonly #socket: NativeOperationSocket;
  /** The transform this socket was accepted from (closing it closes this socket). */
  readonly transform: Transform;

  /** @internal Created by Transform.accept() and Operation.accept(). */
  constructor(socket: NativeOperationSocket, transform: Transform) {
    this.#socket = socket;
    this.transform = transform;
  }

  /** The socket's descriptor (for io_submit and poll); -1 once closed. */
  get fd(): number {
    return this.#socket.fd;
  }

  get closed(): boolean {
    return this.#socket.closed;
  }

  /** @internal The addon's socket, for native components that take it (src/modes' AioContext). */
  get nativeSocket(): NativeOperationSocket {
    return this.#socket;
  }

  /** One sendmsg with the given control messages; returns the bytes the kernel took. */
  send(data: Uint8Array | null, options: SendOptions = NO_OPTIONS): number {
    checkSend(data, options);
    return this.#socket.send(data, opCode(options.op), options.iv ?? null, assocLength(options.assocLen), options.more === true);
  }

  /** send() on the thread pool: the event loop keeps running while the kernel blocks. */
  sendAsync(data: Uint8Array | null, options: SendOptions = NO_OPTIONS): Promise<number> {
    checkSend(data, options);
    return this.#socket.sendAsync(data, opCode(options.op), options.iv ?? null, assocLength(options.assocLen), options.more === true);
  }

  /**
   * The control messages through sendmsg, the data by vmsplice into a pipe and splice into the
   * socket (pipe-sized chunks, SPLICE_F_MORE while more follows). The kernel may reference the
   * caller's pages until the result is read: do not change `data` before then.
   */
  sendSpliced(data: Uint8Array | null, options: SendOptions = NO_OPTIONS): number {
    checkSend(data, options);
    return this.#socket.sendSpliced(data, opCode(options.op), options.iv ?? null, assocLength(options.assocLen), options.more === true);
  }

  sendSplicedAsync(data: Uint8Array | null, options: SendOptions = NO_OPTIONS): Promise<number> {
    checkSend(data, options);
    return this.#socket.sendSplicedAsync(
      data,
      opCode(options.op),
      options.iv ?? null,
      assocLength(options.assocLen),
      options.more === true,
    );
  }

  /**
   * One read(2) of up to `length` bytes; the result has the length the kernel returned.
   * Blocks while the request is incomplete (MSG_MORE) or nothing is queued.
   */
  read(length: number, options?: ReadOptions): Buffer {
    const target = allocate(length, options);
    const received = this.#socket.read(target);
    return received === length ? target : target.subarray(0, received);
  }

  async readAsync(length: number, options?: ReadOptions): Promise<Buffer> {
    const target = allocate(length, options);
    const received = await this.#socket.readAsync(target);
    return received === length ? target : target.subarray(0, received);
  }

  /**
   * The same request `loops` times in the addon (send, then read `resultLength` bytes), the
   * results side by side in `output`: a loop like the CLI's -d without a trip into JavaScript
   * per request. Stops at the first failure: `completed` requests are in `output`, `error` is
   * the failure; `nanoseconds` is the time in the completed requests' system calls.
   */
  repeat(
    data: Uint8Array,
    options: SendOptions & { readonly vmsplice?: boolean },
    loops: number,
    resultLength: number,
  ): { output: Buffer; completed: number; nanoseconds: bigint; error?: KernelError } {
    checkSend(data, options);
    if (!Number.isSafeInteger(loops) || loops < 1 || loops > 0xffffffff)
      throw new InvalidArgumentError(`loops must be an integer from 1 to 2^32-1, got ${loops}`);
    if (!Number.isSafeInteger(resultLength) || resultLength < 1)
      throw new InvalidArgumentError(`resultLength must be a positive integer, got ${resultLength}`);
    const output = Buffer.allocUnsafe(loops * resultLength);
    const { completed, nanoseconds, error } = this.#socket.repeat(
      data,
      opCode(options.op),
      options.iv ?? null,
      assocLength(options.assocLen),
      options.more === true,
      output,
      loops,
      options.vmsplice === true,
    );
    return {
      output: output.subarray(0, completed * resultLength),
      completed,
      nanoseconds: BigInt(nanoseconds),
      ...(error !== undefined && { error: error as KernelError }),
    };
  }

  /** One read(2) into the caller's memory; returns the byte count. */
  readInto(target: Uint8Array): number {
    requireBytes(target, 'target');
    return this.#socket.read(target);
  }

  readIntoAsync(target: Uint8Array): Promise<number> {
    requireBytes(target, 'target');
    return this.#socket.readAsync(target);
  }

  /** accept() on this socket: a new operation socket with a copy of this one's state (hash export/import). */
  accept(): Operation {
    return new Operation(this.#socket.accept(), this.transform);
  }

  get socketBuffers(): SocketBuffers {
    return {
      send: this.#socket.getSocketOption(SOL_SOCKET, SO_SNDBUF),
      receive: this.#socket.getSocketOption(SOL_SOCKET, SO_RCVBUF),
    };
  }

  /**
   * Asks for socket buffers of at least the given sizes: SO_SNDBUF/SO_RCVBUF (the kernel caps
   * them at net.core.wmem_max/rmem_max), then SO_SNDBUFFORCE/SO_RCVBUFFORCE where the caller
   * has CAP_NET_ADMIN. Returns what the kernel granted; never shrinks the buffers.
   */
  growSocketBuffers(wanted: Partial<SocketBuffers>): SocketBuffers {
    const current = this.socketBuffers;
    if (wanted.send !== undefined) requireInteger(wanted.send, 'send', 0, MAX_LENGTH);
    if (wanted.receive !== undefined) requireInteger(wanted.receive, 'receive', 0, MAX_LENGTH);
    this.#grow(SO_SNDBUF, SO_SNDBUFFORCE, current.send, wanted.send);
    this.#grow(SO_RCVBUF, SO_RCVBUFFORCE, current.receive, wanted.receive);
    return this.socketBuffers;
  }

  #grow(name: number, forceName: number, current: number, wanted: number | undefined): void {
    if (wanted === undefined || current >= wanted) return;
    // The kernel doubles the value it is given (for its bookkeeping) and reports the doubled value.
    const request = Math.min(MAX_LENGTH, Math.ceil(wanted / 2));
    this.#socket.setSocketOption(SOL_SOCKET, name, request);
    if (this.#socket.getSocketOption(SOL_SOCKET, name) >= wanted) return;
    try {
      this.#socket.setSocketOption(SOL_SOCKET, forceName, request);
    } catch (error) {
      if ((error as { code?: string }).code !== 'EPERM') throw error;
    }
  }

  /** Idempotent. An async call still pending keeps the descriptor until it ends. */
  close(): void {
    this.#socket.close();
  }

  [Symbol.dispose](): void {
    this.close();
  }
}

function allocate(length: number, options: ReadOptions | undefined): Buffer {
  requireInteger(length, 'length', 0, MAX_LENGTH);
  return options?.aligned === true ? native().allocAligned(length) : Buffer.allocUnsafe(length);
}
