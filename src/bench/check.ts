/**
 * Before a mode is measured, its requests are checked: random inputs and IVs through AF_ALG,
 * the same through node:crypto, byte for byte. A mode that computes wrong results is not
 * worth timing.
 */
import { randomBytes } from 'node:crypto';
import { OperationError } from '../errors.js';
import { Skcipher } from '../kernel/skcipher.js';
import { runRequests } from '../modes/request-runner.js';
import { outputsOf, openPorts, requestSet } from './kernel-side.js';
import { cipherChain, cipherOnce } from '../software/index.js';
import type { BenchMode } from './options.js';
import type { CipherWork } from './workload.js';

export interface CheckResult {
  /** Requests compared with node:crypto. */
  readonly requests: number;
}

function compare(mode: BenchMode, index: number, kernel: Uint8Array, reference: Uint8Array): void {
  if (!Buffer.from(kernel).equals(reference)) {
    throw new OperationError(
      `bench: ${mode.label} request ${index} differs from node:crypto (AF_ALG ${Buffer.from(kernel).toString('hex').slice(0, 32)}…, node:crypto ${Buffer.from(reference).toString('hex').slice(0, 32)}…)`,
      [],
    );
  }
}

/** Compares requests of `mode` (on sockets of their own) with node:crypto; throws OperationError on a difference. */
export async function checkMode(cipherName: string, mode: BenchMode, work: CipherWork): Promise<CheckResult> {
  const fresh = () => randomBytes(work.size);
  const freshIv = () => randomBytes(work.iv.length);
  if (mode.kind === 'oneshot' || mode.kind === 'stream') {
    const inputs = [fresh(), fresh()];
    const iv = freshIv();
    const cipher = Skcipher.open(work.algorithm, work.key);
    try {
      const ivOrNone = iv.length > 0 ? iv : undefined;
      if (mode.kind === 'oneshot') {
        inputs.forEach((input, index) =>
          compare(mode, index, cipher.encrypt(input, ivOrNone), cipherOnce(cipherName, 'encrypt', work.key, iv, input)),
        );
      } else {
        const stream = cipher.stream('encrypt', ivOrNone);
        const chain = cipherChain(cipherName, work.key, iv);
        inputs.forEach((input, index) => compare(mode, index, stream.update(input), chain.update(input)));
      }
    } finally {
      cipher.close();
    }
    return { requests: inputs.length };
  }
  // Two requests per socket: the second shows whether the IV carried on (chained) or was reset (inline-iv).
  const count = 2 * mode.handles;
  const inputs = Array.from({ length: count }, fresh);
  const ivs = Array.from({ length: count }, freshIv);
  const opened = openPorts(work, mode);
  try {
    const settings = { mode: mode.kind === 'inline-iv' ? ('inline-iv' as const) : ('chained' as const), handles: mode.handles };
    const outputs = outputsOf(await runRequests(opened.ports, requestSet(inputs, ivs, work.size), settings));
    if (mode.kind === 'inline-iv') {
      outputs.forEach((output, index) =>
        compare(mode, index, output, cipherOnce(cipherName, 'encrypt', work.key, ivs[index]!, inputs[index]!)),
      );
    } else {
      // Socket h serves requests h, h + H, ...: one chain starting from ivs[h].
      const chains = Array.from({ length: mode.handles }, (_, handle) => cipherChain(cipherName, work.key, ivs[handle]!));
      outputs.forEach((output, index) => compare(mode, index, output, chains[index % mode.handles]!.update(inputs[index]!)));
    }
  } finally {
    opened.close();
  }
  return { requests: count };
}
