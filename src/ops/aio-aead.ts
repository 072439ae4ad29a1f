import { UsageError } from '../errors.js';
import { Transform } from '../kernel/transform.js';
import type { RequestRead } from '../modes/aio-reader.js';
import { algorithmModel } from '../software/index.js';
import { fitIv } from './aead.js';
import { finish, firstFailure, metadataOf, planRequests, requestFailure, runJob } from './aio-run.js';
import { allocationFailure, errnoOf, missingInput, operationFailure } from './failures.js';
import { bytesToHex } from './hex.js';
import { encrypts, type KcapiOptions } from './options.js';
import type { Output } from './output.js';
import { setKeyOrFail } from './requests.js';

/**
 * `-x 10`: AIO AEAD. N requests (-d N) of AAD ‖ data (‖ tag when decrypting) on one
 * operation socket, the IV and the AAD length sent once; one line with every result
 * ([AAD with -u] data [tag]), or the single line EBADMSG when any request fails
 * authentication (docs/reference-cli.md §4, §6). `-g`: N independent operations with the same IV.
 */
/**
 * What the reference shows of a request: it reads in place, so the bytes the kernel did not
 * write still hold the input (an empty plaintext prints as the tag's first byte).
 */
function inPlace(read: RequestRead, input: Uint8Array): Uint8Array {
  const written = 'bytes' in read ? read.bytes : 0;
  if (written >= read.buffer.length) return read.buffer;
  const shown = Buffer.from(read.buffer);
  shown.set(input.subarray(written, shown.length), written);
  return shown;
}

export async function run(options: KcapiOptions, output: Output): Promise<void> {
  if (options.iv === undefined || options.iv.length === 0) {
    throw missingInput('an AEAD cipher needs an IV: give -i (or -n for CCM)');
  }
  const encrypting = encrypts(options);
  if (!encrypting && options.tagLength > 0 && options.tag === undefined) {
    throw new UsageError(`decryption needs the ${options.tagLength}-byte tag: give -t`);
  }
  const plan = planRequests(options);
  let transform: Transform;
  try {
    transform = Transform.open('aead', options.cipher);
  } catch (error) {
    throw allocationFailure(error, 'aead', options.cipher, 'Allocation of cipher failed');
  }
  try {
    try {
      transform.setAuthSize(options.tagLength);
    } catch (error) {
      throw operationFailure(error, `tag length ${options.tagLength} rejected`, ['Setting of authentication tag length failed']);
    }
    setKeyOrFail(transform, options.key, 'Symmetric cipher setkey failed');
    const metadata = metadataOf(transform, options.cipher);
    const assoc = options.assoc ?? new Uint8Array(0);
    const data = (encrypting ? options.plaintext : options.ciphertext) ?? new Uint8Array(0);
    const tag = encrypting ? new Uint8Array(0) : (options.tag ?? new Uint8Array(0));
    const blockSize = Math.max(1, metadata.blockSize ?? 1);
    const outputTagLength = encrypting ? options.tagLength : 0;
    const outputDataLength = Math.ceil(data.length / blockSize) * blockSize;
    const input = Buffer.concat([assoc, data, tag]);
    const ivSize = metadata.ivSize ?? options.iv.length;
    const ivs = Array.from({ length: plan.requests }, (_, index) => fitIv(plan.ivs?.[index] ?? options.iv ?? new Uint8Array(0), ivSize));
    const set = {
      op: encrypting ? (1 as const) : (0 as const),
      inputs: Array(plan.requests).fill(input),
      outputLength: Math.max(1, assoc.length + outputDataLength + outputTagLength),
      ivs,
      assocLength: assoc.length,
    };
    // Decrypting neither AAD nor data leaves nothing in the output to delimit queued requests:
    // with all of them in one send the first read takes the next request's bytes too (the
    // reference then prints EBADMSG even for valid tags). Every request carries the same IV.
    const emptyOutput = assoc.length + outputDataLength + outputTagLength === 0;
    const job = { transform, set, plan, fallback: 'independent' as const, options, oneRequestPerSend: emptyOutput };
    const failureLines = (error: unknown) => [`Cipher operation of buffer failed: ${errnoOf(error)} ${-errnoOf(error)}`];
    const result = await runJob(job, failureLines);
    // As the reference: the first request that failed decides, in request order.
    const failed = firstFailure(result.reads);
    if (failed !== undefined && failed !== 'EBADMSG') {
      // The reference prints C's errno beside the result: a request that fails in its AIO
      // completion sets no errno (0); the -g fallback's failed read does.
      const errno = options.aioFallback ? errnoOf({ code: failed }) : 0;
      throw requestFailure(failed, [`Cipher operation of buffer failed: ${errno} ${-errnoOf({ code: failed })}`]);
    }
    const authenticationFailed = failed === 'EBADMSG';
    const printed = (read: RequestRead) => inPlace(read, input).subarray(options.printAad ? 0 : assoc.length);
    const model = algorithmModel(metadata.algorithm) ?? algorithmModel(options.cipher);
    finish(output, {
      job,
      result,
      metadata,
      line: authenticationFailed ? 'EBADMSG' : bytesToHex(...result.reads.map(printed)),
      model:
        model && options.key
          ? {
              algorithm: model,
              direction: encrypting ? 'encrypt' : 'decrypt',
              key: options.key,
              tagLength: options.tagLength,
              assocLength: assoc.length,
            }
          : undefined,
      zeroIv: new Uint8Array(ivSize),
    });
  } finally {
    transform.close();
  }
}
