/** Argument checks shared by the library's entry points: TypeError for a wrong type, RangeError for a bad value. */
import { InvalidArgumentError } from './errors.js';

export function requireBytes(value: unknown, what: string): asserts value is Uint8Array {
  if (!(value instanceof Uint8Array)) throw new TypeError(`${what} must be a Uint8Array, got ${describe(value)}`);
}

export function requireOptionalBytes(value: unknown, what: string): asserts value is Uint8Array | undefined {
  if (value !== undefined) requireBytes(value, what);
}

export function requireInteger(value: unknown, what: string, min: number, max: number): asserts value is number {
  if (typeof value !== 'number') throw new TypeError(`${what} must be a number, got ${describe(value)}`);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new InvalidArgumentError(`${what} must be an integer from ${min} to ${max}, got ${value}`);
  }
}

export function requireName(value: unknown, what: string, maxBytes: number): asserts value is string {
  if (typeof value !== 'string') throw new TypeError(`${what} must be a string, got ${describe(value)}`);
  if (value.length === 0) throw new InvalidArgumentError(`${what} must not be empty`);
  if (value.includes('\0')) throw new InvalidArgumentError(`${what} must not contain NUL characters`);
  if (Buffer.byteLength(value) > maxBytes) throw new InvalidArgumentError(`${what} is longer than ${maxBytes} bytes: ${value}`);
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'object') return value.constructor?.name ?? 'object';
  return typeof value;
}
