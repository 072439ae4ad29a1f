import type { Operation, SendOptions } from './operation.js';
import type { Transform } from './transform.js';
import { KernelFailure } from './errors.js';

/**
 * A multi-call exchange with an operation socket written once as a generator of steps and run
 * either synchronously or on the thread pool. Each step is one system call; the generator
 * receives its byte count.
 */
export type Step =
  | { readonly kind: 'send'; readonly data: Uint8Array | null; readonly options: SendOptions }
  | { readonly kind: 'read'; readonly target: Uint8Array };

export type Plan<T> = Generator<Step, T, number>;

export function sendStep(data: Uint8Array | null, options: SendOptions): Step {
  return { kind: 'send', data, options };
}

export function readStep(target: Uint8Array): Step {
  return { kind: 'read', target };
}

export function runPlan<T>(operation: Operation, plan: Plan<T>): T {
  let next = plan.next(0);
  while (!next.done) {
    const step = next.value;
    next = plan.next(step.kind === 'send' ? operation.send(step.data, step.options) : operation.readInto(step.target));
  }
  return next.value;
}

export async function runPlanAsync<T>(operation: Operation, plan: Plan<T>): Promise<T> {
  let next = plan.next(0);
  while (!next.done) {
    const step = next.value;
    const count = step.kind === 'send' ? await operation.sendAsync(step.data, step.options) : await operation.readIntoAsync(step.target);
    next = plan.next(count);
  }
  return next.value;
}

/**
 * Reads into the whole target. The kernel returns a request's output in one read unless a
 * signal interrupts it; the rest is then read by the following calls.
 */
export function* readFully(target: Uint8Array): Plan<void> {
  let filled = 0;
  while (filled < target.length) {
    const received = yield readStep(target.subarray(filled));
    if (received === 0) throw new KernelFailure(`the kernel ended the output after ${filled} of ${target.length} bytes`);
    filled += received;
  }
}

/** Sends all of data as one request (the kernel takes it whole unless a signal interrupts). */
export function* sendFully(data: Uint8Array, options: SendOptions): Plan<void> {
  let sent = yield sendStep(data, options);
  const more = options.more === true;
  while (sent < data.length) sent += yield sendStep(data.subarray(sent), { more });
}

/**
 * One request that fits the socket: what runPlan does with sendFully and readFully, as plain
 * calls. Small requests are the frequent case, and under emulation the generator steps cost
 * as much as a system call.
 */
export function runOneRequest(operation: Operation, data: Uint8Array, options: SendOptions): Buffer {
  let sent = operation.send(data, options);
  while (sent < data.length) sent += operation.send(data.subarray(sent), { more: options.more === true });
  const output = Buffer.allocUnsafe(data.length);
  let filled = 0;
  while (filled < output.length) {
    const received = operation.readInto(filled === 0 ? output : output.subarray(filled));
    if (received === 0) throw new KernelFailure(`the kernel ended the output after ${filled} of ${output.length} bytes`);
    filled += received;
  }
  return output;
}

/**
 * One operation socket shared by calls that must not interleave (a hash's update/final, a
 * stream's requests): async plans run one after another, and a synchronous call while one is
 * pending is refused rather than mixed into its request.
 */
export class SerialOperation {
  readonly operation: Operation;
  #tail: Promise<unknown> = Promise.resolve();
  #pending = 0;

  constructor(operation: Operation) {
    this.operation = operation;
  }

  run<T>(plan: Plan<T>): T {
    if (this.#pending > 0) {
      throw new Error('an async call on this operation socket is still running: await it before a synchronous call');
    }
    return runPlan(this.operation, plan);
  }

  runAsync<T>(plan: Plan<T>): Promise<T> {
    this.#pending++;
    const result = this.#tail.then(() => runPlanAsync(this.operation, plan));
    this.#tail = result.catch(() => undefined);
    return result.finally(() => {
      this.#pending--;
    });
  }
}

/** Runs an async plan on an operation socket of its own, so concurrent calls can run in parallel. */
export async function runOnNewOperation<T>(transform: Transform, plan: (operation: Operation) => Plan<T>): Promise<T> {
  const operation = transform.accept();
  try {
    return await runPlanAsync(operation, plan(operation));
  } finally {
    operation.close();
  }
}
