/**
 * The PBKDF2 iteration count `kcapi -x 8 -d 0` suggests, computed the way libkcapi's
 * kcapi_pbkdf_iteration_count() does: double the count until one derivation (16 bytes from
 * password "passwordpassword", salt "salt") takes longer than 2^27 ns (~134 ms), and
 * require that twice in a row at the same count so a rescheduling hiccup cannot end the
 * search early; never suggest fewer than 2^16. Deliberate difference: the reference
 * measures with tv_nsec of CLOCK_REALTIME alone (wrong whenever a second boundary is
 * crossed); this uses a monotonic clock.
 */
import { pbkdf2 } from './pbkdf2.js';
import type { PrfFamily } from './prf.js';

export const minimumSuggestedIterations = 1 << 16;
/** The reference's answer when measuring fails. */
export const fallbackSuggestedIterations = 1 << 18;
export const defaultTargetNanoseconds = 1n << 27n;
const largestCount = 2 ** 31;

export interface IterationCountOptions {
  targetNanoseconds?: bigint;
  /** Monotonic clock in nanoseconds (injectable for tests). */
  now?: () => bigint;
}

export function suggestPbkdf2Iterations(family: PrfFamily, options: IterationCountOptions = {}): number {
  const target = options.targetNanoseconds ?? defaultTargetNanoseconds;
  const now = options.now ?? process.hrtime.bigint;
  const password = Buffer.from('passwordpassword');
  const salt = Buffer.from('salt');

  const exceedsTarget = (iterations: number): boolean => {
    const start = now();
    pbkdf2(family, password, salt, iterations, 16);
    return now() - start > target;
  };

  let iterations = 1;
  try {
    let confirmations = 0;
    while (confirmations < 2 && iterations < largestCount) {
      if (exceedsTarget(iterations)) {
        confirmations++;
      } else {
        confirmations = 0;
        iterations *= 2;
      }
    }
  } catch {
    return fallbackSuggestedIterations;
  }
  return Math.max(iterations, minimumSuggestedIterations);
}
