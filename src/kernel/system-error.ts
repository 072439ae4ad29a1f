import { native } from '../native.js';
import { KernelError } from './errors.js';

/** A KernelError for an errno reported outside a native call (e.g. an AIO completion's result). */
export function systemError(errno: number, syscall: string): KernelError {
  const positive = Math.abs(errno);
  return new KernelError(syscall, native().errnoName(positive), -positive);
}
