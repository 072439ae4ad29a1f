import type { Operation } from './operation.js';
import { ensureRequestCapacity } from './request-capacity.js';
import { readFully, readStep, runOnNewOperation, runPlan, sendFully, type Plan } from './request-plan.js';
import { Transform, type OpenOptions } from './transform.js';
import { requireBytes, requireInteger, requireOptionalBytes } from './validate.js';
import { InvalidArgumentError, KernelFailure } from './errors.js';

export interface AeadEncryptInput {
  iv: Uint8Array;
  assoc?: Uint8Array;
  plaintext: Uint8Array;
}

export interface AeadDecryptInput {
  iv: Uint8Array;
  assoc?: Uint8Array;
  ciphertext: Uint8Array;
  tag: Uint8Array;
}

const EMPTY = new Uint8Array(0);

/**
 * An AEAD cipher (AF_ALG aead) with key and tag length set. Every call is one kernel request:
 * input AAD‖plaintext → AAD‖ciphertext‖tag, input AAD‖ciphertext‖tag → AAD‖plaintext.
 */
export class Aead implements Disposable {
  readonly transform: Transform;
  readonly tagLength: number;
  #operation: Operation | undefined;
  #capacity = 0;

  private constructor(transform: Transform, tagLength: number) {
    this.transform = transform;
    this.tagLength = tagLength;
  }

  /** Binds `name` (e.g. 'gcm(aes)'), sets the key and the tag length. */
  static open(name: string, key: Uint8Array, tagLength: number, options?: OpenOptions): Aead {
    requireBytes(key, 'key');
    requireInteger(tagLength, 'tagLength', 0, 0xffff);
    const transform = Transform.open('aead', name, options);
    try {
      transform.setKey(key);
      transform.setAuthSize(tagLength);
    } catch (error) {
      transform.close();
      throw error;
    }
    return new Aead(transform, tagLength);
  }

  get name(): string {
    return this.transform.name;
  }

  /** Returns ciphertext‖tag. */
  encrypt(input: AeadEncryptInput): Buffer {
    return runPlan(this.#oneShotOperation(), this.#encryptPlan(input));
  }

  /** encrypt() on the thread pool, on an operation socket of its own: concurrent calls run in parallel. */
  encryptAsync(input: AeadEncryptInput): Promise<Buffer> {
    const request = encryptRequest(input, this.tagLength);
    return runOnNewOperation(this.transform, (operation) => {
      fit(operation, request.inputLength + this.tagLength);
      return request.plan();
    });
  }

  /** Returns the plaintext; a tag mismatch throws the kernel's KernelError EBADMSG. */
  decrypt(input: AeadDecryptInput): Buffer {
    return runPlan(this.#oneShotOperation(), this.#decryptPlan(input));
  }

  decryptAsync(input: AeadDecryptInput): Promise<Buffer> {
    const request = decryptRequest(input, this.tagLength);
    return runOnNewOperation(this.transform, (operation) => {
      fit(operation, request.inputLength);
      return request.plan();
    });
  }

  close(): void {
    this.transform.close();
  }

  [Symbol.dispose](): void {
    this.close();
  }

  #oneShotOperation(): Operation {
    this.#operation ??= this.transform.accept();
    return this.#operation;
  }

  #encryptPlan(input: AeadEncryptInput): Plan<Buffer> {
    const request = encryptRequest(input, this.tagLength);
    this.#capacity = fit(this.#oneShotOperation(), request.inputLength + this.tagLength, this.#capacity || undefined);
    return request.plan();
  }

  #decryptPlan(input: AeadDecryptInput): Plan<Buffer> {
    const request = decryptRequest(input, this.tagLength);
    this.#capacity = fit(this.#oneShotOperation(), request.inputLength, this.#capacity || undefined);
    return request.plan();
  }
}

interface AeadRequest {
  inputLength: number;
  plan(): Plan<Buffer>;
}

function encryptRequest(input: AeadEncryptInput, tagLength: number): AeadRequest {
  requireBytes(input?.iv, 'iv');
  requireOptionalBytes(input.assoc, 'assoc');
  requireBytes(input.plaintext, 'plaintext');
  const assoc = input.assoc ?? EMPTY;
  const data = Buffer.concat([assoc, input.plaintext]);
  const options = { op: 'encrypt', iv: input.iv, assocLen: assoc.length } as const;
  return { inputLength: data.length, plan: () => aeadPlan(data, options, data.length + tagLength) };
}

function decryptRequest(input: AeadDecryptInput, tagLength: number): AeadRequest {
  requireBytes(input?.iv, 'iv');
  requireOptionalBytes(input.assoc, 'assoc');
  requireBytes(input.ciphertext, 'ciphertext');
  requireBytes(input.tag, 'tag');
  if (input.tag.length !== tagLength) {
    throw new InvalidArgumentError(`tag must be ${tagLength} bytes (the tag length this cipher was opened with), got ${input.tag.length}`);
  }
  const assoc = input.assoc ?? EMPTY;
  const data = Buffer.concat([assoc, input.ciphertext, input.tag]);
  const options = { op: 'decrypt', iv: input.iv, assocLen: assoc.length } as const;
  return { inputLength: data.length, plan: () => aeadPlan(data, options, assoc.length + input.ciphertext.length) };
}

/** An AEAD request must reach the kernel whole before it is processed: a larger one would block forever. */
function fit(operation: Operation, length: number, capacity?: number): number {
  const granted = ensureRequestCapacity(operation, length, capacity);
  if (length > granted) {
    throw new InvalidArgumentError(
      `an AEAD request of ${length} bytes exceeds what one request on this socket can hold (${granted} bytes; ` +
        'raise net.core.wmem_max and net.core.rmem_max, or run with CAP_NET_ADMIN)',
    );
  }
  return granted;
}

function* aeadPlan(
  request: Buffer,
  options: { op: 'encrypt' | 'decrypt'; iv: Uint8Array; assocLen: number },
  outputLength: number,
): Plan<Buffer> {
  yield* sendFully(request, options);
  if (outputLength === 0) {
    // A zero-length read does not run the request: offer a byte so the tag is checked.
    const received = yield readStep(Buffer.allocUnsafe(1));
    if (received !== 0) throw new KernelFailure(`the kernel returned ${received} bytes for an empty AEAD result`);
    return Buffer.alloc(0);
  }
  const output = Buffer.allocUnsafe(outputLength);
  yield* readFully(output);
  return output.subarray(options.assocLen);
}

/** The 16-byte counter block ccm(aes) takes as IV for a 7..13-byte nonce (RFC 3610: flags byte L−1). */
export function ccmIvFromNonce(nonce: Uint8Array): Buffer {
  requireBytes(nonce, 'nonce');
  if (nonce.length < 7 || nonce.length > 13) throw new InvalidArgumentError(`a CCM nonce has 7 to 13 bytes, got ${nonce.length}`);
  const iv = Buffer.alloc(16);
  iv[0] = 14 - nonce.length;
  iv.set(nonce, 1);
  return iv;
}
