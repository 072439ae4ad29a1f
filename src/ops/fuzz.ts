/**
 * `-h`: fuzz tests (docs/reference-cli.md §8) with `-d` rounds. `-x 1` fuzzes the skcipher named by -c,
 * `-x 2` the AEAD named by -c, no -x binds random algorithm names. Prints only failures;
 * the exit status is their number (at least 1 when any, at most 255). The random source is
 * seeded from KCAPI_FUZZ_SEED when set; the seed is printed (stderr) when anything failed.
 */
import { UnsupportedError, UsageError } from '../errors.js';
import { afAlgStatus } from '../kernel/index.js';
import { allocationFailure, noAfAlgMessage } from './failures.js';
import { failureStatus } from './check-status.js';
import { fuzzAead } from './fuzz/aead.js';
import { FuzzFailures } from './fuzz/failures.js';
import { fuzzNames } from './fuzz/name-binding.js';
import { FuzzRandom } from './fuzz/random.js';
import { fuzzSkcipher } from './fuzz/skcipher.js';
import type { KcapiOptions } from './options.js';
import type { Output } from './output.js';

export const seedVariable = 'KCAPI_FUZZ_SEED';

export async function run(options: KcapiOptions, output: Output): Promise<number> {
  let random: FuzzRandom;
  try {
    random = FuzzRandom.fromEnvironment(process.env[seedVariable]);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  // Without AF_ALG every bind fails, which would pass the name fuzzer vacuously.
  const status = afAlgStatus();
  if (!status.available) throw new UnsupportedError(status.code === 'EAFNOSUPPORT' ? noAfAlgMessage : status.reason);
  const rounds = options.loops;
  let failures: FuzzFailures;
  switch (options.cipherType) {
    case undefined:
      failures = new FuzzFailures(output, 'names');
      fuzzNames(rounds, random, failures);
      break;
    case 1:
    case 2: {
      const name = options.cipher;
      if (name === '') throw new UsageError(`-h -x ${options.cipherType} needs the algorithm to fuzz: -c NAME`);
      failures = new FuzzFailures(output, name);
      try {
        if (options.cipherType === 1) fuzzSkcipher(name, rounds, random, failures);
        else fuzzAead(name, rounds, random, failures);
      } catch (error) {
        const type = options.cipherType === 1 ? 'skcipher' : 'aead';
        throw allocationFailure(error, type, name, `Allocation of ${name} cipher failed`);
      }
      break;
    }
    default:
      throw new UsageError(`-h fuzzes -x 1 (skcipher), -x 2 (AEAD) or, without -x, algorithm names; not -x ${options.cipherType}`);
  }
  output.flush();
  if (failures.count > 0) {
    process.stderr.write(`kcapi: -h: ${failures.count} failure(s); replay with ${seedVariable}=${random.seed}\n`);
  }
  return failureStatus(failures.count);
}
