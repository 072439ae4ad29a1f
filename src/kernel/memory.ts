import { native } from '../native.js';
import { requireInteger } from './validate.js';

/** A zeroed buffer starting on a page boundary (for page-aligned input, -m). Wiped when collected. */
export function alignedBuffer(length: number): Buffer {
  requireInteger(length, 'length', 0, 0x7fff_ffff);
  return native().allocAligned(length);
}

/** A page-aligned copy of data. */
export function alignedCopy(data: Uint8Array): Buffer {
  const copy = alignedBuffer(data.length);
  copy.set(data);
  return copy;
}

export function pageSize(): number {
  return native().pageSize;
}
