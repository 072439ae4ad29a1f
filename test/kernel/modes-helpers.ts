import { randomBytes } from '../helpers/seeded-random.js';

import { algorithmInfo, Transform } from '../../src/kernel/index.js';
import { checkRequests, type CheckReport } from '../../src/modes/check.js';
import { OperationPort } from '../../src/modes/kernel-port.js';
import type { AioPath } from '../../src/modes/request-port.js';
import { runRequests, type RequestSet, type RunResult } from '../../src/modes/request-runner.js';
import { aeadRequest, algorithmModel, type RequestSetModel } from '../../src/software/index.js';
import type { RequestMode } from '../../src/ops/options.js';
import { outcomes } from '../../src/ops/aio-run.js';

export interface Algorithm {
  readonly name: string;
  readonly type: 'skcipher' | 'aead';
  readonly keyLength: number;
  readonly ivLength: number;
  readonly tagLength?: number;
  readonly assocLength?: number;
}

export const algorithms: readonly Algorithm[] = [
  { name: 'cbc(aes)', type: 'skcipher', keyLength: 32, ivLength: 16 },
  { name: 'ctr(aes)', type: 'skcipher', keyLength: 16, ivLength: 16 },
  { name: 'xts(aes)', type: 'skcipher', keyLength: 64, ivLength: 16 },
  { name: 'gcm(aes)', type: 'aead', keyLength: 16, ivLength: 12, tagLength: 16, assocLength: 8 },
  { name: 'ccm(aes)', type: 'aead', keyLength: 16, ivLength: 16, tagLength: 8, assocLength: 8 },
  // rfc4106: 4 bytes of the key are the salt; the AD ends with a copy of the 8-byte IV.
  { name: 'rfc4106(gcm(aes))', type: 'aead', keyLength: 20, ivLength: 8, tagLength: 16, assocLength: 16 },
];

export function algorithm(name: string): Algorithm {
  const found = algorithms.find((candidate) => candidate.name === name);
  if (!found) throw new Error(`no test algorithm ${name}`);
  return found;
}

/** A random IV; for CCM a counter block with L = 4 (an 11-byte nonce). */
export function randomIv(algorithm: Algorithm): Buffer {
  const iv = randomBytes(algorithm.ivLength);
  if (algorithm.name === 'ccm(aes)') iv[0] = 3;
  return iv;
}

export interface CaseOptions {
  readonly mode: RequestMode;
  readonly handles: number;
  readonly requests: number;
  readonly size: number;
  readonly direction?: 'encrypt' | 'decrypt';
  /** Decrypt only: request whose tag is corrupted. */
  readonly tamper?: number;
  readonly path?: AioPath;
  readonly vmsplice?: boolean;
  /** Bind this name instead of the algorithm's (a driver name). */
  readonly bindName?: string;
}

export interface CaseResult {
  readonly check: CheckReport;
  readonly run: RunResult;
  readonly driver: string;
}

function modelOf(algorithm: Algorithm, direction: 'encrypt' | 'decrypt', key: Buffer): RequestSetModel {
  const model = algorithmModel(algorithm.name);
  if (!model) throw new Error(`no software model of ${algorithm.name}`);
  return { algorithm: model, direction, key, tagLength: algorithm.tagLength, assocLength: algorithm.assocLength };
}

/**
 * Runs `requests` random requests of `size` data bytes through the kernel in the given mode
 * and compares every result with the software expectations. Decryption inputs are made by
 * the software model (each request from its own IV) and then decrypted in that mode.
 */
export async function runCase(algorithm: Algorithm, options: CaseOptions): Promise<CaseResult> {
  const direction = options.direction ?? 'encrypt';
  const key = randomBytes(algorithm.keyLength);
  const ivs = Array.from({ length: options.requests }, () => randomIv(algorithm));
  const assocLength = algorithm.assocLength ?? 0;
  const tagLength = algorithm.tagLength ?? 0;
  let inputs = Array.from({ length: options.requests }, () => randomBytes(assocLength + options.size));
  if (direction === 'decrypt' && algorithm.type === 'aead') {
    const model = modelOf(algorithm, 'encrypt', key);
    if (model.algorithm.kind !== 'aead') throw new Error('unreachable');
    const aeadName = model.algorithm.name;
    // With chained sockets every request starts from its socket's first IV.
    const ivOf = (index: number) => (options.mode === 'chained' ? ivs[index % options.handles]! : ivs[index]!);
    inputs = inputs.map((input, index) => {
      const sealed = aeadRequest(aeadName, 'encrypt', { key, tagLength, assocLength }, ivOf(index), input);
      if (!('output' in sealed)) throw new Error('software encryption failed');
      const ciphertext = Buffer.from(sealed.output);
      if (index === options.tamper) ciphertext[ciphertext.length - 1]! ^= 0x01;
      return ciphertext;
    });
  }
  const outputLength =
    algorithm.type === 'skcipher'
      ? options.size
      : direction === 'encrypt'
        ? assocLength + options.size + tagLength
        : assocLength + options.size;
  const transform = Transform.open(algorithm.type, options.bindName ?? algorithm.name);
  try {
    if (algorithm.type === 'aead') transform.setAuthSize(tagLength);
    transform.setKey(key);
    const driver = driverOf(transform);
    const path = options.path ?? (options.handles > 1 ? 'thread' : 'sync');
    const ports = Array.from(
      { length: Math.min(options.handles, options.requests) },
      () => new OperationPort(transform.accept(), { path, vmsplice: options.vmsplice ?? false }),
    );
    const set: RequestSet = {
      op: direction === 'encrypt' ? 1 : 0,
      inputs,
      outputLength,
      ivs,
      ...(algorithm.type === 'aead' ? { assocLength } : {}),
    };
    let run: RunResult;
    try {
      run = await runRequests(ports, set, { mode: options.mode, handles: options.handles });
    } finally {
      for (const port of ports) port.close();
    }
    const check = checkRequests(
      modelOf(algorithm, direction, key),
      { mode: options.mode, handles: options.handles, inputs, ivs },
      outcomes(run.reads),
    );
    return { check, run, driver };
  } finally {
    transform.close();
  }
}

/** The serving implementation; 'unknown' when the metadata lookup fails (seen once on 6.12). */
function driverOf(transform: Transform): string {
  try {
    return algorithmInfo(transform).driver;
  } catch {
    return 'unknown';
  }
}

/** "requests 3, 5: neither" for a failure message. */
export function mismatches(check: CheckReport): string {
  const bad = check.requests.filter((request) => !request.asExpected);
  return bad.length === 0
    ? 'none'
    : bad
        .slice(0, 8)
        .map((request) => `#${request.index} ${request.match}`)
        .join(', ');
}

/** xts-aes-aesni writes its final tweak back into the IV buffer (the generic xts leaves it). */
export function writesTweakBack(driver: string): boolean {
  return /^xts-aes-aesni/.test(driver);
}
