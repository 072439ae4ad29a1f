/**
 * `kcapi bench` as a library: for each mode and size, check a few requests against
 * node:crypto, measure them through AF_ALG, then the same work in process, and report.
 */
import { randomBytes } from 'node:crypto';
import { availableParallelism, release } from 'node:os';
import { UnsupportedError, UsageError } from '../errors.js';
import { RequestTooLargeError } from '../modes/request-runner.js';
import { algorithmInfo } from '../kernel/algorithms.js';
import type { AlgorithmInfo } from '../kernel/algorithm-info.js';
import { Transform } from '../kernel/transform.js';
import { errorCode, noAfAlgMessage } from '../ops/failures.js';
import { nodeCipherName } from '../software/index.js';
import { checkMode } from './check.js';
import { kernelWorkload } from './kernel-side.js';
import { measure, type Measurement } from './measure.js';
import { nodeWorkload } from './node-side.js';
import type { BenchMode, BenchSettings } from './options.js';
import type { CipherWork, Workload } from './workload.js';

export const benchSchema = 'kcapi-bench/1';

export interface BenchCell {
  readonly mode: string;
  readonly handles: number;
  readonly size: number;
  /** Requests compared byte for byte with node:crypto before measuring. */
  readonly checkedRequests: number;
  readonly afAlg: Measurement;
  /** The same work with node:crypto in this process. */
  readonly inProcess: Measurement;
  /** afAlg ÷ inProcess throughput. */
  readonly ratio: number;
}

export interface BenchReport {
  readonly schema: typeof benchSchema;
  readonly algorithm: string;
  readonly driver: string;
  readonly kernel: string;
  readonly node: string;
  readonly cpus: number;
  readonly date: string;
  readonly keyBytes: number;
  readonly ivBytes: number;
  /** node:crypto's name for the same cipher and key length. */
  readonly inProcessCipher: string;
  readonly durationSeconds: number;
  readonly repetitions: number;
  readonly sizes: readonly number[];
  readonly modes: readonly string[];
  readonly results: readonly BenchCell[];
}

export interface BenchProgress {
  /** Fraction of the whole run done, 0 to 1. */
  readonly fraction: number;
  readonly mode: string;
  readonly size: number;
  readonly side: 'check' | 'AF_ALG' | 'node:crypto';
}

interface Cipher {
  readonly driver: string;
  readonly keyBytes: number;
  readonly ivBytes: number;
}

/** Binds the algorithm once: AF_ALG present, a symmetric cipher, its driver and sizes. */
function probeCipher(algorithm: string): Cipher {
  let transform: Transform;
  try {
    transform = Transform.open('skcipher', algorithm);
  } catch (error) {
    const code = errorCode(error);
    if (code === 'EAFNOSUPPORT') throw new UnsupportedError(noAfAlgMessage, { cause: error });
    if (code === 'ENOENT') {
      throw new UnsupportedError(
        `bench: the kernel has no symmetric cipher (skcipher) ${JSON.stringify(algorithm)}; bench measures skciphers such as "cbc(aes)"`,
        { cause: error },
      );
    }
    throw error;
  }
  try {
    let info: AlgorithmInfo | undefined;
    try {
      info = algorithmInfo(transform);
    } catch {
      info = undefined; // no netlink metadata: fall back to the usual sizes
    }
    return {
      driver: info?.driver || 'unknown',
      keyBytes: info?.maxKeySize || 32,
      ivBytes: info?.ivSize ?? (algorithm.startsWith('ecb(') ? 0 : 16),
    };
  } finally {
    transform.close();
  }
}

async function measured(
  open: () => Workload,
  settings: BenchSettings,
  size: number,
  onRepetition: (done: number) => void,
): Promise<Measurement> {
  const workload = open();
  try {
    return await measure(workload, { durationSeconds: settings.durationSeconds, repetitions: settings.repetitions, size, onRepetition });
  } finally {
    workload.close();
  }
}

export async function runBench(settings: BenchSettings, onProgress: (progress: BenchProgress) => void = () => {}): Promise<BenchReport> {
  const cipher = probeCipher(settings.algorithm);
  const key = randomBytes(cipher.keyBytes);
  const iv = randomBytes(cipher.ivBytes);
  const inProcessCipher = nodeCipherName(settings.algorithm, cipher.keyBytes);
  if (inProcessCipher === undefined) throw unsupportedWithoutReference(settings.algorithm, cipher.keyBytes);
  const steps = settings.modes.length * settings.sizes.length * 2 * settings.repetitions;
  let done = 0;
  const results: BenchCell[] = [];
  for (const mode of settings.modes) {
    for (const size of settings.sizes) {
      const work: CipherWork = { algorithm: settings.algorithm, key, iv, size };
      const report = (side: BenchProgress['side']) => onProgress({ fraction: done / steps, mode: mode.label, size, side });
      const step = (side: BenchProgress['side']) => () => {
        done++;
        report(side);
      };
      report('check');
      let checkedRequests: number;
      try {
        checkedRequests = (await checkMode(inProcessCipher, mode, work)).requests;
      } catch (error) {
        if (!(error instanceof RequestTooLargeError)) throw error;
        throw new UsageError(`bench: ${mode.label} cannot send ${size}-byte requests (${error.message}); give smaller --sizes`);
      }
      const afAlg = await measured(() => kernelWorkload(mode, work), settings, size, step('AF_ALG'));
      const inProcess = await measured(() => nodeWorkload(inProcessCipher, mode, work), settings, size, step('node:crypto'));
      results.push(cell(mode, size, checkedRequests, afAlg, inProcess));
    }
  }
  return {
    schema: benchSchema,
    algorithm: settings.algorithm,
    driver: cipher.driver,
    kernel: release(),
    node: process.version,
    cpus: availableParallelism(),
    date: new Date().toISOString(),
    keyBytes: cipher.keyBytes,
    ivBytes: cipher.ivBytes,
    inProcessCipher,
    durationSeconds: settings.durationSeconds,
    repetitions: settings.repetitions,
    sizes: settings.sizes,
    modes: settings.modes.map((mode) => mode.label),
    results,
  };
}

function cell(mode: BenchMode, size: number, checkedRequests: number, afAlg: Measurement, inProcess: Measurement): BenchCell {
  const ratio = afAlg.megabytesPerSecond / inProcess.megabytesPerSecond;
  return { mode: mode.label, handles: mode.handles, size, checkedRequests, afAlg, inProcess, ratio };
}

function unsupportedWithoutReference(algorithm: string, keyBytes: number): UnsupportedError {
  return new UnsupportedError(
    `bench: node:crypto has no ${algorithm} with a ${keyBytes}-byte key: nothing to check the kernel's results against or compare with`,
  );
}
