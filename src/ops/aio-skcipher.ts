import { OperationError } from '../errors.js';
import { Transform } from '../kernel/transform.js';
import { algorithmModel } from '../software/index.js';
import { allocationFailure, missingInput } from './failures.js';
import { encrypts, type KcapiOptions } from './options.js';
import type { Output } from './output.js';
import { bytesToHex } from './hex.js';
import { finish, firstFailure, metadataOf, planRequests, requestFailure, runJob } from './aio-run.js';
import { setKeyOrFail } from './requests.js';

const failureLine = 'En/Decryption of buffer failed';

/**
 * With more data queued on the socket the kernel ciphers only whole blocks of a request
 * (docs/af-alg.md, "Partial blocks between requests"): the rest of that request's output was
 * never computed. The reference prints its input bytes there; we refuse.
 */
function partialRequest(bytes: number, length: number): OperationError {
  return new OperationError(
    `the kernel ciphered only ${bytes} of a ${length}-byte request: with more requests queued it takes whole blocks only; ` +
      'give a length that is a multiple of the block size, -d 1, or -g',
    [failureLine],
  );
}

/**
 * `-x 9`: AIO symmetric cipher. The input goes to the kernel N times (-d N) as N requests on
 * one operation socket, IV sent once, and all N results are printed on one line (docs/reference-cli.md §4,
 * §6). `--mode`, `--handles`, `--ivs` choose how the requests run; `-g` runs the
 * synchronous fallback (one stream over the concatenation).
 */
export async function run(options: KcapiOptions, output: Output): Promise<void> {
  const encrypting = encrypts(options);
  const input = encrypting ? options.plaintext : options.ciphertext;
  if (input === undefined || input.length === 0) {
    throw missingInput(encrypting ? 'nothing to encrypt: give -p' : 'nothing to decrypt: give -q');
  }
  const plan = planRequests(options);
  let transform: Transform;
  try {
    transform = Transform.open('skcipher', options.cipher);
  } catch (error) {
    throw allocationFailure(error, 'skcipher', options.cipher, `Allocation of ${options.cipher} cipher failed`);
  }
  try {
    setKeyOrFail(transform, options.key, 'Symmetric cipher setkey failed');
    const metadata = metadataOf(transform, options.cipher);
    const ivs = Array.from({ length: plan.requests }, (_, index) => plan.ivs?.[index] ?? options.iv);
    const set = { op: encrypting ? (1 as const) : (0 as const), inputs: Array(plan.requests).fill(input), outputLength: input.length, ivs };
    const job = { transform, set, plan, fallback: 'stream' as const, options };
    const result = await runJob(job, () => [failureLine]);
    const failed = firstFailure(result.reads);
    if (failed !== undefined) throw requestFailure(failed, [failureLine]);
    const short = result.reads.find((read) => 'bytes' in read && read.bytes < set.outputLength);
    if (short !== undefined && 'bytes' in short) throw partialRequest(short.bytes, set.outputLength);
    const model = algorithmModel(metadata.algorithm) ?? algorithmModel(options.cipher);
    finish(output, {
      job,
      result,
      metadata,
      line: bytesToHex(...result.reads.map((read) => read.buffer)),
      model: model && options.key ? { algorithm: model, direction: encrypting ? 'encrypt' : 'decrypt', key: options.key } : undefined,
      zeroIv: new Uint8Array(metadata.ivSize ?? options.iv?.length ?? 16),
    });
  } finally {
    transform.close();
  }
}
