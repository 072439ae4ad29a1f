import { native } from '../native.js';

export type AfAlgStatus = { available: true } | { available: false; code: string; errno: number; reason: string };

/** Whether socket(AF_ALG) works on this kernel, and if not, why (EAFNOSUPPORT: built without AF_ALG). */
export function afAlgStatus(): AfAlgStatus {
  const addon = native();
  const errno = addon.probeAfAlg();
  if (errno === 0) return { available: true };
  const code = addon.errnoName(errno);
  const reason =
    code === 'EAFNOSUPPORT' ? 'this kernel has no AF_ALG sockets (socket EAFNOSUPPORT)' : `socket(AF_ALG) failed: socket ${code}`;
  return { available: false, code, errno: -errno, reason };
}

export function afAlgAvailable(): boolean {
  return afAlgStatus().available;
}
