/**
 * What the request modes need from one operation socket: queue request data, and read
 * results with Linux AIO (one IOCB_CMD_PREAD per output buffer, one io_submit per batch).
 * kernel-port.ts implements it over src/kernel's Operation and the addon's AioContext.
 */

/** One io_submit's outcome, as the addon's AioContext reports it. */
export interface AioBatchResult {
  /** Per request: bytes read, or −errno. */
  readonly results: readonly number[];
  /** Per request: the errno's name ("EBADMSG") where the result is negative. */
  readonly codes: readonly (string | undefined)[];
  /** Per request: no completion event yet when looked at right after io_submit returned. */
  readonly inFlightAtSubmit: readonly boolean[];
  /** How many iocbs io_submit accepted; the others carry −submitErrno. */
  readonly submitted: number;
  readonly submitErrno: number;
  /** Time inside io_submit, and from its start to the last completion. */
  readonly submitNs: number;
  readonly totalNs: number;
}

/**
 * Where the waiting happens: `sync` submits and waits on the calling thread; `event` submits
 * and lets the event loop watch the eventfd; `thread` submits and waits on a libuv pool
 * thread, so that several sockets keep several kernel threads busy at once.
 */
export type AioPath = 'sync' | 'event' | 'thread';

export interface SendOptions {
  /** ALG_OP_ENCRYPT (1) or ALG_OP_DECRYPT (0). */
  readonly op: 0 | 1;
  /** ALG_SET_IV when present. */
  readonly iv?: Uint8Array;
  /** ALG_SET_AEAD_ASSOCLEN when present. */
  readonly assocLength?: number;
  /** MSG_MORE: the request continues in the next send. */
  readonly more?: boolean;
}

export interface RequestPort {
  /** Bytes the socket accepts before a sender blocks (SO_SNDBUF, whole pages). */
  readonly sendCapacity: number;
  /** One sendmsg (or vmsplice + splice) of `data` with the control messages. */
  send(data: Uint8Array, options: SendOptions): Promise<void>;
  /** One PREAD per buffer in a single io_submit (at most 64), settled when all completed. */
  submitReads(buffers: readonly Uint8Array[]): Promise<AioBatchResult>;
  /** One synchronous read(2) (the -g fallback). */
  read(buffer: Uint8Array): number;
  close(): void;
}

/** An error the addon raised for a failed system call (Node-style). */
export interface SystemCallError extends Error {
  readonly code?: string;
  readonly errno?: number;
  readonly syscall?: string;
}
