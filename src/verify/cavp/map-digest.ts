import type { DigestCase, KdfCounterCase, MonteCase } from '../cases.js';
import { MalformedRecord } from './fields.js';
import { origin, unrunnable, wholeBytes, type FileContext, type RecordMapper } from './mapper.js';

/**
 * SHA ShortMsg/LongMsg files, and the RFC HMAC listings in the same layout (Key added):
 * `Len` is the message length in bits, `Msg = 00` when it is 0.
 */
export function messageDigestMapper(file: FileContext, algorithm: string, keyed: boolean): RecordMapper {
  return (view): DigestCase | ReturnType<typeof unrunnable> => {
    const bits = view.int('Len');
    if (wholeBytes(bits) === null) return unrunnable(file, view, algorithm, `message of ${bits} bits is not whole bytes`);
    return {
      kind: 'digest',
      ...origin(file, view),
      algorithm,
      key: keyed ? view.hex('Key') : null,
      message: view.hexWithBitLength('Msg', 'Len'),
      expected: view.hex('MD'),
    };
  };
}

/**
 * NIST HMAC.rsp: `[L=n]` selects the hash by digest length, `Tlen` truncates the MAC,
 * `Klen` is the key length in bytes.
 */
export function nistHmacMapper(file: FileContext): RecordMapper {
  const hashByDigestLength = new Map([
    [20, 'sha1'],
    [28, 'sha224'],
    [32, 'sha256'],
    [48, 'sha384'],
    [64, 'sha512'],
  ]);
  return (view): DigestCase => {
    const digestLength = view.int('L');
    const hash = hashByDigestLength.get(digestLength);
    if (!hash) throw new MalformedRecord(view.get('L').line, `no SHA digest has ${digestLength} bytes`);
    const tagLength = view.int('Tlen');
    if (tagLength > digestLength) throw new MalformedRecord(view.line, `Tlen = ${tagLength} exceeds L = ${digestLength}`);
    return {
      kind: 'digest',
      ...origin(file, view),
      algorithm: `hmac(${hash})`,
      key: view.hexWithByteLength('Key', view.int('Klen'), `Klen = ${view.int('Klen')}`),
      message: view.hex('Msg'),
      expected: view.hexWithByteLength('Mac', tagLength, `Tlen = ${tagLength}`),
    };
  };
}

/**
 * SHA Monte Carlo files: each COUNT's expected digest seeds the next, so every checkpoint
 * is an independent case (and a wrong one does not fail all that follow).
 */
export function monteMapper(file: FileContext, algorithm: string, style: MonteCase['style']): RecordMapper {
  let previous: { count: string; digest: Buffer } | null = null;
  return (view): MonteCase => {
    const count = view.text('COUNT');
    const seed = previous === null || count === '0' ? view.hex('Seed') : previous.digest;
    if (previous !== null && count !== '0' && Number(count) !== Number(previous.count) + 1) {
      throw new MalformedRecord(view.line, `COUNT = ${count} does not follow COUNT = ${previous.count}`);
    }
    const expected = view.hex('MD');
    previous = { count, digest: expected };
    return { kind: 'monte', ...origin(file, view), algorithm, style, seed, expected };
  };
}

const kdfPrfs = new Map<string, { algorithm: string; keyLength?: number; expandTwoKeyTdes?: boolean }>([
  ['CMAC_AES128', { algorithm: 'cmac(aes)', keyLength: 16 }],
  ['CMAC_AES192', { algorithm: 'cmac(aes)', keyLength: 24 }],
  ['CMAC_AES256', { algorithm: 'cmac(aes)', keyLength: 32 }],
  ['CMAC_TDES2', { algorithm: 'cmac(des3_ede)', keyLength: 16, expandTwoKeyTdes: true }],
  ['CMAC_TDES3', { algorithm: 'cmac(des3_ede)', keyLength: 24 }],
  ['HMAC_SHA1', { algorithm: 'hmac(sha1)' }],
  ['HMAC_SHA224', { algorithm: 'hmac(sha224)' }],
  ['HMAC_SHA256', { algorithm: 'hmac(sha256)' }],
  ['HMAC_SHA384', { algorithm: 'hmac(sha384)' }],
  ['HMAC_SHA512', { algorithm: 'hmac(sha512)' }],
]);

/**
 * SP 800-108 counter mode (KDFCTR): `[PRF=…]`, `[CTRLOCATION=BEFORE_FIXED|AFTER_FIXED|
 * MIDDLE_FIXED]`, `[RLEN=n_BITS]`; L in bits; KI; FixedInputData, or DataBeforeCtrData and
 * DataAfterCtrData for the middle position; KO.
 */
export function kbkdfCounterMapper(file: FileContext): RecordMapper {
  return (view): KdfCounterCase | ReturnType<typeof unrunnable> => {
    const prfName = view.text('PRF');
    const prf = kdfPrfs.get(prfName.toUpperCase());
    if (!prf) return unrunnable(file, view, prfName, `PRF ${prfName} has no kernel algorithm here`);
    const counterBits = view.int('RLEN', '_BITS');
    if (counterBits !== 8 && counterBits !== 16 && counterBits !== 24 && counterBits !== 32) {
      throw new MalformedRecord(view.get('RLEN').line, `RLEN = ${counterBits} bits is not 8, 16, 24 or 32`);
    }
    const outputBits = view.int('L');
    const outputBytes = wholeBytes(outputBits);
    if (outputBytes === null) return unrunnable(file, view, prf.algorithm, `L = ${outputBits} bits is not whole bytes`);
    let key = view.hex('KI');
    if (prf.keyLength !== undefined && key.length !== prf.keyLength) {
      throw new MalformedRecord(view.get('KI').line, `KI has ${key.length} bytes; ${prfName} takes ${prf.keyLength}`);
    }
    if (prf.expandTwoKeyTdes) key = Buffer.concat([key, key.subarray(0, 8)]);
    const location = view.text('CTRLOCATION').toUpperCase();
    let fixedBefore: Buffer;
    let fixedAfter: Buffer;
    if (location === 'MIDDLE_FIXED') {
      fixedBefore = view.hexWithByteLength('DataBeforeCtrData', view.int('DataBeforeCtrLen'), 'DataBeforeCtrLen');
      fixedAfter = view.hexWithByteLength('DataAfterCtrData', view.int('DataAfterCtrLen'), 'DataAfterCtrLen');
    } else {
      const fixed = view.hexWithByteLength('FixedInputData', view.int('FixedInputDataByteLen'), 'FixedInputDataByteLen');
      if (location === 'BEFORE_FIXED') [fixedBefore, fixedAfter] = [Buffer.alloc(0), fixed];
      else if (location === 'AFTER_FIXED') [fixedBefore, fixedAfter] = [fixed, Buffer.alloc(0)];
      else throw new MalformedRecord(view.get('CTRLOCATION').line, `unknown CTRLOCATION ${location}`);
    }
    return {
      kind: 'kdf-counter',
      ...origin(file, view),
      algorithm: prf.algorithm,
      key,
      fixedBefore,
      fixedAfter,
      counterBits,
      outputBits,
      expected: view.hexWithByteLength('KO', outputBytes, `L = ${outputBits}`),
    };
  };
}
