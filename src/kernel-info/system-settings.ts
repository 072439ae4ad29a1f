/** Kernel settings readable from /proc without AF_ALG. */
import { readFileSync } from 'node:fs';
import { release, version, machine } from 'node:os';

/** Socket memory limits that bound AF_ALG requests (see docs/af-alg.md, "Limits and errors"). */
export const socketSysctls = ['optmem_max', 'wmem_default', 'wmem_max', 'rmem_default', 'rmem_max'] as const;
export type SocketSysctl = (typeof socketSysctls)[number];

/** A numeric sysctl under /proc/sys, or null when it cannot be read. */
export function readSysctlNumber(path: string, procRoot = '/proc'): number | null {
  try {
    const value = Number(readFileSync(`${procRoot}/sys/${path}`, 'latin1').trim());
    return Number.isFinite(value) ? value : null;
  } catch {
    return null;
  }
}

export function socketLimits(procRoot = '/proc'): Record<SocketSysctl, number | null> {
  return Object.fromEntries(socketSysctls.map((name) => [name, readSysctlNumber(`net/core/${name}`, procRoot)])) as Record<
    SocketSysctl,
    number | null
  >;
}

/** /proc/sys/crypto/fips_enabled: true, false, or null when the kernel has no FIPS support. */
export function fipsEnabled(procRoot = '/proc'): boolean | null {
  const value = readSysctlNumber('crypto/fips_enabled', procRoot);
  return value === null ? null : value !== 0;
}

export interface KernelIdentity {
  readonly release: string;
  readonly version: string;
  readonly machine: string;
}

export function kernelIdentity(): KernelIdentity {
  return { release: release(), version: version(), machine: machine() };
}
