import { alignedCopy } from '../kernel/memory.js';
import type { Operation } from '../kernel/operation.js';
import type { Transform } from '../kernel/transform.js';
import { OperationError } from '../errors.js';
import { operationFailure } from './failures.js';
import { KernelFailure } from '../kernel/errors.js';

export type Direction = 'encrypt' | 'decrypt';

export interface SendControl {
  /** ALG_SET_OP: starts a new request. */
  readonly op?: Direction;
  /** ALG_SET_IV (only with `op`). */
  readonly iv?: Uint8Array | undefined;
  /** ALG_SET_AEAD_ASSOCLEN (only with `op`). */
  readonly assocLen?: number;
  /** MSG_MORE: the request continues with the next send. */
  readonly more: boolean;
  /** Feed the data with vmsplice + splice (-v). */
  readonly vmsplice?: boolean;
  /** Take the data from page-aligned memory (-m). */
  readonly aligned?: boolean;
}

/**
 * Page-aligned copies (-m) sent by vmsplice: the kernel reads their pages only when the
 * result is read, so they stay referenced until then.
 */
const sentCopies: Uint8Array[] = [];

/** One sendmsg (or vmsplice + splice) of `data` with the given control messages. */
export function sendData(operation: Operation, data: Uint8Array, control: SendControl): void {
  const request = {
    ...(control.op === undefined ? {} : { op: control.op }),
    ...(control.iv === undefined ? {} : { iv: control.iv }),
    ...(control.assocLen === undefined ? {} : { assocLen: control.assocLen }),
    more: control.more,
  };
  const payload = control.aligned && data.length > 0 ? alignedCopy(data) : data;
  let sent: number;
  if (control.vmsplice && payload.length > 0) {
    if (payload !== data) sentCopies.push(payload);
    sent = operation.sendSpliced(payload, request);
  } else {
    sent = operation.send(payload, request);
  }
  // A signal can cut a send short; the rest continues the same request.
  while (sent < payload.length) sent += operation.send(payload.subarray(sent), { more: control.more });
}

/** One read of up to `length` bytes (into page-aligned memory with -m). */
export function readResult(operation: Operation, length: number, aligned = false): Uint8Array {
  try {
    return operation.read(length, { aligned });
  } finally {
    sentCopies.length = 0;
  }
}

/**
 * Reads until `length` bytes arrived, as the reference's read loop does. A read that
 * returns nothing ends the loop with an error instead of spinning.
 */
export function readExactly(operation: Operation, length: number, aligned = false): Uint8Array {
  let piece = readResult(operation, length, aligned);
  if (piece.length === length) return piece;
  const result = new Uint8Array(length);
  let filled = 0;
  for (;;) {
    if (piece.length === 0) throw new KernelFailure(`the kernel returned ${filled} of ${length} bytes`);
    result.set(piece, filled);
    filled += piece.length;
    if (filled >= length) return result;
    piece = readResult(operation, length - filled, aligned);
  }
}

/** ALG_SET_KEY; the reference fails without a system call when the key is absent or empty. */
export function setKeyOrFail(transform: Transform, key: Uint8Array | undefined, stdoutLine: string): void {
  if (key === undefined || key.length === 0) {
    throw new OperationError('setting the key failed: no key given (-k)', [stdoutLine]);
  }
  try {
    transform.setKey(key);
  } catch (error) {
    throw operationFailure(error, 'setting the key failed', [stdoutLine]);
  }
}
