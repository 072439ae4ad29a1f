import type { SkcipherCase } from '../cases.js';
import { MalformedRecord, type RecordView } from './fields.js';
import { directionOf, origin, unrunnable, wholeBytes, type FileContext, type RecordMapper } from './mapper.js';

/**
 * AES and TDES block-mode files (KAT, MMT; CTR in the same layout):
 * KEY (or KEY1..KEY3, or KEYs for TDES), IV unless ECB, PLAINTEXT, CIPHERTEXT.
 */
export function blockCipherMapper(file: FileContext, algorithm: string): RecordMapper {
  const hasIv = !algorithm.startsWith('ecb(');
  return (view): SkcipherCase => {
    const direction = directionOf(view);
    const plaintext = view.hex('PLAINTEXT');
    const ciphertext = view.hex('CIPHERTEXT');
    if (plaintext.length !== ciphertext.length) {
      throw new MalformedRecord(view.line, `PLAINTEXT has ${plaintext.length} bytes, CIPHERTEXT ${ciphertext.length}`);
    }
    const encrypt = direction === 'encrypt';
    return {
      kind: 'skcipher',
      ...origin(file, view),
      algorithm,
      direction,
      key: cipherKey(view),
      iv: hasIv ? view.hex('IV') : Buffer.alloc(0),
      input: encrypt ? plaintext : ciphertext,
      expected: encrypt ? ciphertext : plaintext,
    };
  };
}

/** TDES files give the three keys apart (KEY1..KEY3) or one key for all (KEYs). */
function cipherKey(view: RecordView): Buffer {
  if (view.has('KEY1')) return Buffer.concat([view.hex('KEY1'), view.hex('KEY2'), view.hex('KEY3')]);
  if (view.has('KEYs')) {
    const key = view.hex('KEYs');
    return Buffer.concat([key, key, key]);
  }
  return view.hex('KEY');
}

/**
 * XTS-AES (XTSGenAES*.rsp). The tweak is given as a 128-bit value `i`, or as a data unit
 * sequence number that IEEE 1619 encodes little-endian, as the kernel's plain64 IVs are.
 */
export function xtsMapper(file: FileContext): RecordMapper {
  const algorithm = 'xts(aes)';
  return (view) => {
    const direction = directionOf(view);
    const bits = view.int('DataUnitLen');
    const bytes = wholeBytes(bits);
    if (bytes === null) {
      return unrunnable(file, view, algorithm, `data unit of ${bits} bits is not a whole number of bytes`);
    }
    const plaintext = view.hexWithByteLength('PT', bytes, `DataUnitLen = ${bits}`);
    const ciphertext = view.hexWithByteLength('CT', bytes, `DataUnitLen = ${bits}`);
    const encrypt = direction === 'encrypt';
    return {
      kind: 'skcipher',
      ...origin(file, view),
      algorithm,
      direction,
      key: view.hex('Key'),
      iv: xtsTweak(view),
      input: encrypt ? plaintext : ciphertext,
      expected: encrypt ? ciphertext : plaintext,
    };
  };
}

function xtsTweak(view: RecordView): Buffer {
  if (view.has('i')) {
    const tweak = view.hex('i');
    if (tweak.length !== 16) throw new MalformedRecord(view.get('i').line, `i has ${tweak.length} bytes, not 16`);
    return tweak;
  }
  const field = view.get('DataUnitSeqNumber');
  if (!/^\d+$/.test(field.value)) throw new MalformedRecord(field.line, `DataUnitSeqNumber is not a number: "${field.value}"`);
  const tweak = Buffer.alloc(16);
  let n = BigInt(field.value);
  if (n >= 1n << 128n) throw new MalformedRecord(field.line, 'DataUnitSeqNumber does not fit 128 bits');
  for (let i = 0; i < 16; i++, n >>= 8n) tweak[i] = Number(n & 0xffn);
  return tweak;
}
