import { ccmIvFromNonce } from '../../kernel/aead.js';
import type { AeadCase, Direction } from '../cases.js';
import { MalformedRecord, type RecordView } from './fields.js';
import { origin, unrunnable, wholeBytes, type FileContext, type RecordMapper } from './mapper.js';

/**
 * GCM (gcmEncryptExtIV*.rsp, gcmDecrypt*.rsp): lengths in bits in the bracketed
 * parameters; a decryption record with `FAIL` instead of `PT` must be rejected.
 */
export function gcmMapper(file: FileContext, direction: Direction): RecordMapper {
  const algorithm = 'gcm(aes)';
  return (view) => {
    const lengths = ['Keylen', 'IVlen', 'PTlen', 'AADlen', 'Taglen'].map((name) => [name, view.int(name)] as const);
    const odd = lengths.find(([, bits]) => wholeBytes(bits) === null);
    if (odd) return unrunnable(file, view, algorithm, `${odd[0]} = ${odd[1]} is not a whole number of bytes`);
    const key = view.hexWithBitLength('Key', 'Keylen');
    const iv = view.hexWithBitLength('IV', 'IVlen');
    const aad = view.hexWithBitLength('AAD', 'AADlen');
    const tag = view.hexWithBitLength('Tag', 'Taglen');
    const ciphertext = view.hexWithBitLength('CT', 'PTlen');
    const expectAuthFailure = view.record.flags.has('FAIL');
    if (direction === 'encrypt' && expectAuthFailure) throw new MalformedRecord(view.line, 'FAIL in an encryption file');
    if (expectAuthFailure && view.has('PT')) throw new MalformedRecord(view.line, 'both PT and FAIL');
    const plaintext = expectAuthFailure ? null : view.hexWithBitLength('PT', 'PTlen');
    return aeadCase(file, view, { algorithm, direction, key, iv, nonce: iv, aad, tag, ciphertext, plaintext });
  };
}

export type CcmTest = 'VADT' | 'VNT' | 'VPT' | 'VTT' | 'DVPT';

/**
 * CCM (SP 800-38C CAVS files). Lengths in bytes (Alen, Plen, Nlen, Tlen) come from the
 * file head, the bracket or the record; `CT` is the ciphertext followed by the tag;
 * `00` stands for empty Adata/Payload. DVPT records are decryptions with `Result`.
 */
export function ccmMapper(file: FileContext, test: CcmTest): RecordMapper {
  const algorithm = 'ccm(aes)';
  return (view) => {
    const aadLength = view.int('Alen');
    const payloadLength = view.int('Plen');
    const nonceLength = view.int('Nlen');
    const tagLength = view.int('Tlen');
    const key = view.hex('Key');
    const nonce = view.hexWithByteLength('Nonce', nonceLength, `Nlen = ${nonceLength}`);
    const aad = view.hexWithByteLength('Adata', aadLength, `Alen = ${aadLength}`);
    const sealed = view.hexWithByteLength('CT', payloadLength + tagLength, `Plen + Tlen = ${payloadLength + tagLength}`);
    const ciphertext = sealed.subarray(0, payloadLength);
    const tag = sealed.subarray(payloadLength);
    if (nonceLength < 7 || nonceLength > 13) throw new MalformedRecord(view.line, `Nlen = ${nonceLength} outside 7..13`);
    const iv = ccmIvFromNonce(nonce);
    if (test !== 'DVPT') {
      const plaintext = view.hexWithByteLength('Payload', payloadLength, `Plen = ${payloadLength}`);
      return aeadCase(file, view, { algorithm, direction: 'encrypt', key, iv, nonce, aad, tag, ciphertext, plaintext });
    }
    const result = view.get('Result');
    const verdict = result.value.split(/\s/, 1)[0]!.toLowerCase();
    if (verdict !== 'pass' && verdict !== 'fail') {
      throw new MalformedRecord(result.line, `Result is neither Pass nor Fail: "${result.value}"`);
    }
    const plaintext = verdict === 'pass' ? view.hexWithByteLength('Payload', payloadLength, `Plen = ${payloadLength}`) : null;
    return aeadCase(file, view, { algorithm, direction: 'decrypt', key, iv, nonce, aad, tag, ciphertext, plaintext });
  };
}

interface AeadValues {
  algorithm: string;
  direction: Direction;
  key: Buffer;
  iv: Buffer;
  nonce: Buffer;
  aad: Buffer;
  tag: Buffer;
  ciphertext: Buffer;
  plaintext: Buffer | null;
}

function aeadCase(file: FileContext, view: RecordView, values: AeadValues): AeadCase {
  return {
    kind: 'aead',
    ...origin(file, view),
    ...values,
    tagLength: values.tag.length,
    expectAuthFailure: values.plaintext === null,
  };
}
