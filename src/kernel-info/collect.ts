/**
 * `kcapi info`: what this kernel offers to AF_ALG users, as one document (the stable
 * shape of `kcapi info --json`, schema "kcapi-info/1"). Every probe reports what it saw;
 * none fails the whole report.
 */
import { afAlgStatus, type AlgorithmType } from '../kernel/index.js';
import { probeAio, type AioReport } from './aio.js';
import { probeCryptoUser, type CryptoUserReport } from './crypto-user.js';
import { probeSocketTypes, type SocketTypeReport } from './socket-types.js';
import { probeSplice, type SpliceReport } from './splice.js';
import { fipsEnabled, kernelIdentity, socketLimits, type KernelIdentity, type SocketSysctl } from './system-settings.js';

export const kernelInfoSchema = 'kcapi-info/1';

export interface KernelInfo {
  readonly schema: typeof kernelInfoSchema;
  readonly kernel: KernelIdentity;
  readonly afAlg: { readonly available: boolean; readonly detail: string };
  /** Null when AF_ALG is unavailable. */
  readonly socketTypes: Record<AlgorithmType, SocketTypeReport> | null;
  readonly aio: AioReport | { readonly status: 'unknown'; readonly detail: string };
  readonly splice: SpliceReport | { readonly status: 'unknown'; readonly detail: string };
  /** net.core.* in bytes (null: unreadable). */
  readonly socketLimits: Record<SocketSysctl, number | null>;
  readonly cryptoUser: CryptoUserReport;
  /** /proc/sys/crypto/fips_enabled; null when the kernel has no FIPS switch. */
  readonly fipsEnabled: boolean | null;
}

export async function collectKernelInfo(): Promise<KernelInfo> {
  const afAlg = afAlgAvailability();
  const unavailable = { status: 'unknown' as const, detail: 'AF_ALG unavailable' };
  return {
    schema: kernelInfoSchema,
    kernel: kernelIdentity(),
    afAlg,
    socketTypes: afAlg.available ? probeSocketTypes() : null,
    aio: afAlg.available ? await guard(probeAio) : unavailable,
    splice: afAlg.available ? await guard(async () => probeSplice()) : unavailable,
    socketLimits: socketLimits(),
    cryptoUser: guardSync(probeCryptoUser, (detail) => ({ available: false, algorithms: null, detail })),
    fipsEnabled: fipsEnabled(),
  };
}

function afAlgAvailability(): KernelInfo['afAlg'] {
  try {
    const status = afAlgStatus();
    return status.available ? { available: true, detail: 'socket(AF_ALG) works' } : { available: false, detail: status.reason };
  } catch (error) {
    return { available: false, detail: `cannot probe: ${(error as Error).message}` };
  }
}

/** A probe that throws (say, cbc(aes) missing) reports that instead of ending the report. */
async function guard<T>(probe: () => Promise<T>): Promise<T | { status: 'unknown'; detail: string }> {
  try {
    return await probe();
  } catch (error) {
    return { status: 'unknown', detail: `probe failed: ${error instanceof Error ? error.message : String(error)}` };
  }
}

function guardSync<T>(probe: () => T, fallback: (detail: string) => T): T {
  try {
    return probe();
  } catch (error) {
    return fallback(`probe failed: ${error instanceof Error ? error.message : String(error)}`);
  }
}
