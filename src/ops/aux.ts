/**
 * `-z`: the reference's auxiliary API checks (docs/reference-cli.md §8). Five result lines:
 *   AEAD obtained information passed              (ccm(aes): IV 16, block 1, max tag 16)
 *   Symmetric cipher obtained information passed  (cbc(aes): IV 16, block 16)
 *   Message digest obtained information passed    (sha256: digest 32)
 *   RNG drbg_nopr_hmac_sha256 returned: <150 bytes hex>
 *   RNG drbg_nopr_ctr_aes256 returned: <150 bytes hex>
 * A failed check prints the reference's failure line instead, and its reason on stderr.
 * The exit status is the number of failed checks (1..255; the reference's wraps at 256).
 * Unlike the reference, a failed allocation does not stop the remaining checks.
 */
import { algorithmInfo, Rng, Transform, type AlgorithmInfo } from '../kernel/index.js';
import { failureStatus } from './check-status.js';
import { errorCode } from './failures.js';
import type { KcapiOptions } from './options.js';
import type { Output } from './output.js';

export const rngOutputLength = 150;
export const auxRngs = ['drbg_nopr_hmac_sha256', 'drbg_nopr_ctr_aes256'] as const;

type SocketType = 'aead' | 'skcipher' | 'hash';

interface InfoCheck {
  type: SocketType;
  name: string;
  passed: string;
  /** The reference's failure line for the reported sizes, or undefined when they are right. */
  wrongSizes(info: AlgorithmInfo): string | undefined;
}

const infoChecks: readonly InfoCheck[] = [
  {
    type: 'aead',
    name: 'ccm(aes)',
    passed: 'AEAD obtained information passed',
    wrongSizes: ({ ivSize, blockSize, maxAuthSize }) =>
      ivSize === 16 && blockSize === 1 && maxAuthSize === 16
        ? undefined
        : `AEAD obtained information failed -- sizes: IV ${ivSize} BS ${blockSize} AUTH ${maxAuthSize}`,
  },
  {
    type: 'skcipher',
    name: 'cbc(aes)',
    passed: 'Symmetric cipher obtained information passed',
    wrongSizes: ({ ivSize, blockSize }) =>
      ivSize === 16 && blockSize === 16 ? undefined : `Symmetric cipher obtained information failed --sizes: IV ${ivSize} BS ${blockSize}`,
  },
  {
    type: 'hash',
    name: 'sha256',
    passed: 'Message digest obtained information passed',
    wrongSizes: ({ digestSize }) =>
      digestSize === 32 ? undefined : `Message digest obtained information failed -- sizes: digestsize ${digestSize}`,
  },
];

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Why allocating `name` failed, in words a kernel tester acts on. */
function allocationReason(name: string, error: unknown): string {
  switch (errorCode(error)) {
    case 'EAFNOSUPPORT':
      return 'this kernel has no AF_ALG support';
    case 'ENOENT':
      return name.startsWith('drbg_')
        ? `the kernel has no ${name} (${describe(error)}): built without CONFIG_CRYPTO_DRBG, or the drbg module is missing`
        : `the kernel has no ${name} (${describe(error)})`;
    default:
      return describe(error);
  }
}

export interface AuxReport {
  lines: string[];
  /** One stderr reason per failed check. */
  failures: string[];
}

function checkInfo(check: InfoCheck, report: AuxReport): void {
  let transform: Transform;
  try {
    transform = Transform.open(check.type, check.name);
  } catch (error) {
    report.lines.push(`Allocation of ${check.name} cipher failed`);
    report.failures.push(`${check.name}: ${allocationReason(check.name, error)}`);
    return;
  }
  try {
    const wrong = check.wrongSizes(algorithmInfo(transform));
    report.lines.push(wrong ?? check.passed);
    if (wrong !== undefined) report.failures.push(`${check.name}: the kernel reports unexpected sizes`);
  } catch (error) {
    report.lines.push(`${check.passed.replace(/passed$/, 'failed')} -- sizes unknown`);
    report.failures.push(`${check.name}: cannot read the algorithm's sizes: ${describe(error)}`);
  } finally {
    transform.close();
  }
}

function checkRng(name: string, report: AuxReport): void {
  let rng: Rng;
  try {
    // The reference always seeds, with an empty seed for the DRBGs (they seed themselves).
    rng = Rng.open(name, new Uint8Array(0));
  } catch (error) {
    report.lines.push(`Allocation of cipher ${name} failed`);
    report.failures.push(`RNG ${name}: ${allocationReason(name, error)}`);
    return;
  }
  try {
    const bytes = rng.generate(rngOutputLength);
    if (bytes.length !== rngOutputLength) {
      report.lines.push(`RNG only returned ${bytes.length} bytes (requested ${rngOutputLength})`);
      report.failures.push(`RNG ${name}: short read`);
    }
    report.lines.push(`RNG ${name} returned: ${Buffer.from(bytes).toString('hex')}`);
  } catch (error) {
    report.lines.push(`Failure to generate random numbers ${-Math.abs((error as { errno?: number }).errno ?? 0)}`);
    report.failures.push(`RNG ${name}: ${describe(error)}`);
  } finally {
    rng.close();
  }
}

/** Runs every check; never throws for a kernel failure. */
export function auxiliaryChecks(): AuxReport {
  const report: AuxReport = { lines: [], failures: [] };
  for (const check of infoChecks) checkInfo(check, report);
  for (const name of auxRngs) checkRng(name, report);
  return report;
}

export async function run(_options: KcapiOptions, output: Output): Promise<number> {
  const report = auxiliaryChecks();
  for (const line of report.lines) output.line(line);
  output.flush();
  for (const reason of report.failures) process.stderr.write(`kcapi: -z: ${reason}\n`);
  return failureStatus(report.failures.length);
}
