/**
 * Issue 10, item 2: every skcipher and AEAD the guest kernel offers, at sizes around every
 * internal limit (page, 64 KiB pieces, the socket buffers, the largest request optmem allows),
 * through the library: the result matches node:crypto, or — where node:crypto lacks the
 * algorithm — one kernel request over the whole input on a fresh socket; or the library throws
 * and the reference fails too; or, above one request, it throws UnsplittableInputError for a
 * mode that does not chain. No expected output is written down here.
 */

import { beforeAll, describe, expect, it } from 'vitest';

import { Aead, chainsAcrossRequests, Skcipher, Transform, UnsplittableInputError } from '../../src/kernel/index.js';
import { allocationLimit } from '../../src/kernel/request-capacity.js';
import { aeadRequest, NoSoftwareReference, skcipher } from '../../src/software/index.js';
import { requireAfAlg } from '../helpers/kernel.js';
import { matrixAeads, matrixSkciphers, seededBytes, type MatrixCipher } from './matrix-algorithms.js';

beforeAll(requireAfAlg);

const PAGE = 4096;
/** Around the page, the 64 KiB piece, the default socket buffers (212992) and 256 KiB. */
const SIZES = [16, PAGE - 1, PAGE, PAGE + 16, 65536, 65536 + 16, 70000, 131072, 212992 - PAGE, 212992, 262144];

type Outcome = { output: Buffer } | { error: unknown };

function attempt(run: () => Buffer): Outcome {
  try {
    return { output: run() };
  } catch (error) {
    return { error };
  }
}

/** One kernel request over the whole input on a fresh socket with buffers grown for it. */
function oneKernelRequest(cipher: MatrixCipher, key: Buffer, iv: Buffer, data: Buffer): Outcome {
  return attempt(() => {
    const transform = Transform.open('skcipher', cipher.name);
    try {
      transform.setKey(key);
      const operation = transform.accept();
      operation.growSocketBuffers({ send: data.length + 2 * PAGE, receive: data.length + 2 * PAGE });
      let sent = operation.send(data, { op: 'encrypt', ...(iv.length > 0 && { iv }), more: false });
      while (sent < data.length) sent += operation.send(data.subarray(sent), { more: false });
      const output = Buffer.alloc(data.length);
      for (let filled = 0; filled < data.length;) {
        const received = operation.readInto(output.subarray(filled));
        if (received === 0) throw new Error('short read');
        filled += received;
      }
      return output;
    } finally {
      transform.close();
    }
  });
}

function reference(cipher: MatrixCipher, key: Buffer, iv: Buffer, data: Buffer): { outcome: Outcome; source: string } {
  try {
    return { outcome: { output: skcipher(cipher.name, 'encrypt', key, iv, data) }, source: 'node:crypto' };
  } catch (error) {
    if (error instanceof NoSoftwareReference) return { outcome: oneKernelRequest(cipher, key, iv, data), source: 'one kernel request' };
    return { outcome: { error }, source: 'node:crypto' };
  }
}

/** Checks one library outcome against the reference; returns what happened for the summary. */
function judge(context: string, got: Outcome, expected: Outcome, refusalAllowed: boolean): 'match' | 'both-fail' | 'refused' {
  if ('output' in got) {
    expect('output' in expected, `${context}: the library gave output where the reference fails`).toBe(true);
    expect(got.output.equals((expected as { output: Buffer }).output), `${context}: WRONG output`).toBe(true);
    return 'match';
  }
  if (got.error instanceof UnsplittableInputError) {
    expect(refusalAllowed, `${context}: refused a request that fits or a mode that chains: ${String(got.error)}`).toBe(true);
    expect(got.error.message).not.toContain('\n');
    return 'refused';
  }
  expect('error' in expected, `${context}: the library failed (${String(got.error)}) where the reference computes`).toBe(true);
  return 'both-fail';
}

const tally = new Map<string, number>();
function count(key: string): void {
  tally.set(key, (tally.get(key) ?? 0) + 1);
}

describe('skcipher matrix through the library', () => {
  const ciphers = matrixSkciphers();

  it('the guest offers the generic names of the brief', () => {
    const names = ciphers.map((cipher) => cipher.name);
    for (const name of ['cbc(aes)', 'ecb(aes)', 'ctr(aes)', 'xts(aes)', 'cts(cbc(aes))', 'lrw(aes)', 'cbc(des3_ede)', 'chacha20']) {
      expect(names, name).toContain(name);
    }
    console.log(`skcipher matrix: ${ciphers.length} algorithms: ${names.join(' ')}`);
  });

  for (const cipher of ciphers) {
    it(`${cipher.name} at ${SIZES.length + 1} sizes`, () => {
      const key = seededBytes(cipher.keyLength, `${cipher.name} key`);
      using library = Skcipher.open(cipher.name, key);
      const limit = allocationLimit();
      // Above the largest request only for a few, to keep the run short: the rule is per mode.
      const sizes = cipher.probeAboveLimit ? [...SIZES, limit + 16] : SIZES;
      for (const size of sizes) {
        const iv = seededBytes(cipher.ivLength, `${cipher.name} iv ${size}`);
        const data = seededBytes(size, `${cipher.name} data ${size}`);
        const context = `${cipher.name} ${size} bytes`;
        const got = attempt(() => library.encrypt(data, iv.length > 0 ? iv : undefined));
        const aboveOneRequest = size > limit;
        const chains = chainsAcrossRequests(cipher.name);
        if (aboveOneRequest && !chains) {
          expect('error' in got && got.error instanceof UnsplittableInputError, `${context}: must be refused`).toBe(true);
          count('skcipher refused');
          continue;
        }
        if (aboveOneRequest && !cipher.hasNodeReference) {
          // No software answer and no single kernel request this large: the chain check below covers the pieces.
          expect('output' in got, `${context}: ${String((got as { error?: unknown }).error)}`).toBe(true);
          count('skcipher pieces of a chaining mode');
          continue;
        }
        const { outcome: expected, source } = reference(cipher, key, iv, data);
        const verdict = judge(`${context} (reference: ${source})`, got, expected, false);
        count(`skcipher ${verdict}`);
        if (verdict === 'match' && size === 65536 + 16) {
          const back = library.decrypt((got as { output: Buffer }).output, iv.length > 0 ? iv : undefined);
          expect(back.equals(data), `${context}: decrypt`).toBe(true);
        }
      }
    }, 300_000);
  }

  it('the modes the library splits chain: pieces give what one request gives', () => {
    for (const cipher of ciphers.filter((entry) => chainsAcrossRequests(entry.name))) {
      const key = seededBytes(cipher.keyLength, `${cipher.name} chain key`);
      const iv = seededBytes(cipher.ivLength, `${cipher.name} chain iv`);
      const data = seededBytes(131072 + 48, `${cipher.name} chain data`);
      const whole = oneKernelRequest(cipher, key, iv, data);
      if ('error' in whole) continue; // a length this mode refuses in one request too
      using library = Skcipher.open(cipher.name, key);
      const stream = library.stream('encrypt', iv.length > 0 ? iv : undefined);
      const pieces = Buffer.concat([
        stream.update(data.subarray(0, 65536)),
        stream.update(data.subarray(65536, 131072)),
        stream.update(data.subarray(131072)),
      ]);
      expect(pieces.equals(whole.output), cipher.name).toBe(true);
      stream.close();
      count('chain check');
    }
  });

  it("a mode that does not chain refuses a stream's second request", () => {
    using library = Skcipher.open('xts(aes)', seededBytes(64, 'xts stream key'));
    const stream = library.stream('encrypt', seededBytes(16, 'xts stream iv'));
    stream.update(seededBytes(32, 'first'));
    expect(() => stream.update(seededBytes(32, 'second'))).toThrow(UnsplittableInputError);
    stream.close();
  });
});

describe('AEAD matrix through the library', () => {
  const AEAD_SIZES = [0, 16, PAGE, 65536, 65536 + 16, 200000, 262144];

  for (const aead of matrixAeads()) {
    it(`${aead.name} at ${AEAD_SIZES.length} sizes`, () => {
      const key = aead.key();
      using library = Aead.open(aead.name, key, aead.tagLength);
      const assoc = seededBytes(aead.assocLength, `${aead.name} assoc`);
      for (const size of AEAD_SIZES) {
        const iv = aead.iv(size);
        const plaintext = seededBytes(size, `${aead.name} data ${size}`);
        const context = `${aead.name} ${size} bytes`;
        const got = attempt(() => library.encrypt({ iv, assoc, plaintext }));
        let expected: Outcome;
        try {
          const request = aeadRequest(
            aead.name,
            'encrypt',
            { key, tagLength: aead.tagLength, assocLength: assoc.length },
            iv,
            Buffer.concat([assoc, plaintext]),
          );
          expected = 'output' in request ? { output: request.output.subarray(assoc.length) } : { error: request.error };
        } catch (error) {
          if (!(error instanceof NoSoftwareReference)) throw error;
          expected = attempt(() => {
            using fresh = Aead.open(aead.name, key, aead.tagLength);
            return fresh.encrypt({ iv, assoc, plaintext });
          });
        }
        if ('error' in got && got.error instanceof RangeError && /exceeds what one request/.test(got.error.message)) {
          expect(got.error.message).not.toContain('\n');
          count('aead refused');
          continue;
        }
        count(`aead ${judge(context, got, expected, false)}`);
        if ('output' in got) {
          const tagAt = got.output.length - aead.tagLength;
          const opened = library.decrypt({ iv, assoc, ciphertext: got.output.subarray(0, tagAt), tag: got.output.subarray(tagAt) });
          expect(opened.equals(plaintext), `${context}: decrypt`).toBe(true);
        }
      }
    }, 300_000);
  }

  it('prints the tally', () => {
    console.log(`library matrix: ${JSON.stringify(Object.fromEntries(tally))}`);
    expect(tally.get('skcipher match') ?? 0).toBeGreaterThan(0);
  });
});
