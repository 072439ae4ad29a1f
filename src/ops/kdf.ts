/**
 * `-x 5, 6, 7` (SP 800-108 counter, feedback, double-pipeline), `-x 8` (PBKDF2) and `-x 12`
 * (HKDF): computed in user space over a kernel HMAC/CMAC, with the reference's argument
 * roles (docs/reference-cli.md §3, §9):
 *   5/6/7: -k PRF key, -p fixed input (6: IV ‖ fixed input), -b bytes, -d lines;
 *   8:     -p password, -k salt, -d iterations (0: print the suggested count), -b bytes;
 *   12:    -k input key material, -i salt (absent: h zero bytes), -p info, -b bytes.
 * Like the reference, `-x 12 -d 0` also prints the PBKDF suggestion instead of deriving.
 * Every failure after allocation prints `KDF generation failed` (exit status 1); an unknown
 * PRF is an allocation failure (exit status 3).
 */
import { hkdf } from '../kdf/hkdf.js';
import { kernelPrf, kernelPrfFamily, type KernelPrfFamily } from '../kdf/kernel-prf.js';
import { pbkdf2 } from '../kdf/pbkdf2.js';
import { kdfCounter, kdfDoublePipeline, kdfFeedback } from '../kdf/sp800-108.js';
import { suggestPbkdf2Iterations } from '../kdf/iteration-count.js';
import type { Prf } from '../kdf/prf.js';
import { Transform } from '../kernel/index.js';
import { allocationFailure, operationFailure } from './failures.js';
import type { KcapiOptions } from './options.js';
import type { Output } from './output.js';

const generationFailed = 'KDF generation failed';

const sp800108 = {
  5: { name: 'counter', derive: kdfCounter },
  6: { name: 'feedback', derive: kdfFeedback },
  7: { name: 'double-pipeline', derive: kdfDoublePipeline },
} as const;

export async function run(options: KcapiOptions, output: Output): Promise<void> {
  switch (options.cipherType) {
    case 5:
    case 6:
    case 7:
      return runSp800108(options, output, sp800108[options.cipherType]);
    case 8:
      return runPbkdf2(options, output);
    case 12:
      return runHkdf(options, output);
    default:
      throw new RangeError(`-x ${options.cipherType} is not a KDF type`);
  }
}

function runSp800108(options: KcapiOptions, output: Output, mode: (typeof sp800108)[keyof typeof sp800108]): void {
  const name = options.cipher;
  let transform: Transform;
  try {
    transform = Transform.open('hash', name);
  } catch (error) {
    throw allocationFailure(error, 'KDF hash', name, `Allocation of KDF hash ${name} failed`);
  }
  let prf: Prf | undefined;
  try {
    // Like the reference: no key means no setkey (an HMAC then fails with ENOKEY).
    if (options.key !== undefined && options.key.length > 0) {
      try {
        transform.setKey(options.key);
      } catch (error) {
        throw operationFailure(error, `setting the ${name} key failed`, ['KDF HMAC setkey failed']);
      }
    }
    const input = options.plaintext ?? new Uint8Array(0);
    for (let loop = 0; loop < options.loops; loop++) {
      try {
        prf ??= kernelPrf(transform);
        output.hexLine(mode.derive(prf, input, options.outputLength));
      } catch (error) {
        throw operationFailure(error, `${mode.name} KDF over ${name} failed`, [generationFailed]);
      }
    }
  } finally {
    prf?.close?.();
    transform.close();
  }
}

/** The PRF family of -c; the reference reports its allocation failure as a KDF failure. */
function openFamily(name: string): KernelPrfFamily {
  try {
    return kernelPrfFamily(name);
  } catch (error) {
    throw allocationFailure(error, 'KDF hash', name, generationFailed);
  }
}

/** `-d 0`: the reference prints its timed suggestion instead of deriving (types 8 and 12). */
function printSuggestedIterations(family: KernelPrfFamily, output: Output): void {
  output.line(`PBKDF suggested iteration count: ${suggestPbkdf2Iterations(family)}`);
}

function runPbkdf2(options: KcapiOptions, output: Output): void {
  const family = openFamily(options.cipher);
  if (options.loops === 0) return printSuggestedIterations(family, output);
  let derived: Buffer;
  try {
    derived = pbkdf2(family, options.plaintext ?? new Uint8Array(0), options.key ?? new Uint8Array(0), options.loops, options.outputLength);
  } catch (error) {
    throw operationFailure(error, `PBKDF2 over ${options.cipher} failed`, [generationFailed]);
  }
  output.hexLine(derived);
  derived.fill(0);
}

function runHkdf(options: KcapiOptions, output: Output): void {
  const family = openFamily(options.cipher);
  if (options.loops === 0) return printSuggestedIterations(family, output);
  let derived: Buffer;
  try {
    derived = hkdf(family, options.key ?? new Uint8Array(0), options.iv, options.plaintext, options.outputLength);
  } catch (error) {
    throw operationFailure(error, `HKDF over ${options.cipher} failed`, [generationFailed]);
  }
  output.hexLine(derived);
  derived.fill(0);
}
