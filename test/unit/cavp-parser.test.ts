import { describe, expect, it } from 'vitest';
import { formatFileMessage, parseVectorText } from '../../src/verify/cavp.js';
import type { AeadCase, DigestCase, SkcipherCase, VectorCase } from '../../src/verify/cases.js';

function only<K extends VectorCase['kind']>(cases: readonly VectorCase[], kind: K): Extract<VectorCase, { kind: K }>[] {
  return cases.filter((c): c is Extract<VectorCase, { kind: K }> => c.kind === kind);
}

const hex = (b: Buffer | null) => b?.toString('hex') ?? null;

describe('CAVP record structure', () => {
  it('reads sections, CRLF lines and both directions of a block-mode file', () => {
    const text = [
      '# CAVS 11.1',
      '[ENCRYPT]',
      '',
      'COUNT = 0',
      'KEY = 000102030405060708090a0b0c0d0e0f',
      'IV = 00000000000000000000000000000000',
      'PLAINTEXT = 00112233445566778899aabbccddeeff',
      'CIPHERTEXT = 69c4e0d86a7b0430d8cdb78070b4c55a',
      '',
      '[DECRYPT]',
      '',
      'COUNT = 0',
      'KEY = 000102030405060708090a0b0c0d0e0f',
      'IV = 00000000000000000000000000000000',
      'CIPHERTEXT = 69c4e0d86a7b0430d8cdb78070b4c55a',
      'PLAINTEXT = 00112233445566778899aabbccddeeff',
    ].join('\r\n');
    const parsed = parseVectorText('vectors/CBCMMT128.rsp', text);
    expect(parsed.malformed).toEqual([]);
    const [enc, dec] = only(parsed.cases, 'skcipher') as [SkcipherCase, SkcipherCase];
    expect(parsed.cases).toHaveLength(2);
    expect(enc).toMatchObject({ algorithm: 'cbc(aes)', direction: 'encrypt', line: 4, file: 'vectors/CBCMMT128.rsp' });
    expect(hex(enc.input)).toBe('00112233445566778899aabbccddeeff');
    expect(hex(enc.expected)).toBe('69c4e0d86a7b0430d8cdb78070b4c55a');
    expect(dec.direction).toBe('decrypt');
    expect(hex(dec.input)).toBe('69c4e0d86a7b0430d8cdb78070b4c55a');
    expect(hex(dec.expected)).toBe('00112233445566778899aabbccddeeff');
    expect(enc.id).toBe('CBCMMT128.rsp:4 COUNT=0');
  });

  it('skips an unknown section with one note naming it and its record count', () => {
    const text = [
      '[MONTE]',
      'COUNT = 0',
      'KEY = 00000000000000000000000000000000',
      'PLAINTEXT = 00000000000000000000000000000000',
      'CIPHERTEXT = 66e94bd4ef8a2c3b884cfa59ca342b2e',
      '',
      'COUNT = 1',
      'KEY = 00000000000000000000000000000000',
      'PLAINTEXT = 00000000000000000000000000000000',
      'CIPHERTEXT = 66e94bd4ef8a2c3b884cfa59ca342b2e',
      '[ENCRYPT]',
      'COUNT = 0',
      'KEY = 00000000000000000000000000000000',
      'PLAINTEXT = 00000000000000000000000000000000',
      'CIPHERTEXT = 66e94bd4ef8a2c3b884cfa59ca342b2e',
    ].join('\n');
    const parsed = parseVectorText('ECBVarTxt128.rsp', text);
    expect(parsed.cases).toHaveLength(1);
    expect(parsed.malformed).toEqual([]);
    expect(parsed.notes.map(formatFileMessage)).toEqual([
      'ECBVarTxt128.rsp:2: skipped 2 records of section [MONTE], unknown to AES-128 ECB VarTxt files',
    ]);
  });

  it('reports malformed lines and values with file and line, and keeps going', () => {
    const text = [
      '[ENCRYPT]',
      'COUNT = 0',
      'KEY = 000102030405060708090a0b0c0d0e0f',
      'this line is garbage',
      'PLAINTEXT = 00112233445566778899aabbccddeeff',
      'CIPHERTEXT = 69c4e0d86a7b0430d8cdb78070b4c55a',
      '',
      'COUNT = 1',
      'KEY = 0001020304050607zz090a0b0c0d0e0f',
      'PLAINTEXT = 00',
      'CIPHERTEXT = 69',
      '',
      'COUNT = 2',
      'KEY = 000102030405060708090a0b0c0d0e0',
      'PLAINTEXT = 00',
      'CIPHERTEXT = 69',
      '',
      'COUNT = 3',
      'KEY = 00',
      'KEY = 01',
      'PLAINTEXT = 00',
      'CIPHERTEXT = 69',
      '[unterminated',
      'COUNT = 4',
      'KEY = 00',
      'PLAINTEXT = 0011',
      'CIPHERTEXT = 69',
      '',
      'COUNT = 5',
      'PLAINTEXT = 00',
      'CIPHERTEXT = 69',
    ].join('\n');
    const parsed = parseVectorText('dir/ECBMMT128.rsp', text);
    expect(parsed.malformed.map(formatFileMessage)).toEqual([
      'dir/ECBMMT128.rsp:4: expected "NAME = VALUE", "[...]", a comment or a blank line: "this line is garbage"',
      'dir/ECBMMT128.rsp:9: KEY: not hex',
      'dir/ECBMMT128.rsp:14: KEY: odd number of hex digits',
      'dir/ECBMMT128.rsp:20: duplicate field KEY (first given at line 19)',
      'dir/ECBMMT128.rsp:23: unterminated "[": "[unterminated"',
      'dir/ECBMMT128.rsp:24: PLAINTEXT has 2 bytes, CIPHERTEXT 1',
      'dir/ECBMMT128.rsp:29: missing KEY',
    ]);
    // The record with a garbage line in it is still complete and valid; COUNT = 3 keeps
    // its first KEY.
    expect(parsed.cases.map((c) => c.id)).toEqual(['ECBMMT128.rsp:2 COUNT=0', 'ECBMMT128.rsp:18 COUNT=3']);
  });

  it('joins a value continued on following lines of hex digits', () => {
    const text = [
      '[L = 32]',
      '',
      'Len = 24',
      'Msg = 61',
      '6263',
      'MD = ba7816bf8f01cfea414140de5dae2223',
      'b00361a396177a9cb410ff61f20015ad',
    ].join('\n');
    const parsed = parseVectorText('SHA256ShortMsg.rsp', text);
    expect(parsed.malformed).toEqual([]);
    const [digest] = only(parsed.cases, 'digest') as [DigestCase];
    expect(digest.message.toString()).toBe('abc');
    expect(hex(digest.expected)).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });

  it('reports hex digits that follow no field', () => {
    const parsed = parseVectorText('SHA1ShortMsg.rsp', ['[L = 20]', '', 'abcdef'].join('\n'));
    expect(parsed.malformed.map(formatFileMessage)).toEqual(['SHA1ShortMsg.rsp:3: hex digits outside a field: "abcdef"']);
  });

  it('takes Len = 0 as the empty message and checks other lengths', () => {
    const text = [
      '[L = 20]',
      '',
      'Len = 0',
      'Msg = 00',
      'MD = da39a3ee5e6b4b0d3255bfef95601890afd80709',
      '',
      'Len = 16',
      'Msg = 61',
      'MD = 00',
      '',
      'Len = 4',
      'Msg = 60',
      'MD = 00',
    ].join('\n');
    const parsed = parseVectorText('SHA1ShortMsg.rsp', text);
    expect(parsed.malformed.map(formatFileMessage)).toEqual(['SHA1ShortMsg.rsp:8: Msg has 1 bytes but Len = 16']);
    const [empty, bits] = parsed.cases as [DigestCase, VectorCase];
    expect(empty.kind).toBe('digest');
    expect(empty.message.length).toBe(0);
    expect(bits).toMatchObject({ kind: 'unrunnable', reason: 'message of 4 bits is not whole bytes' });
  });

  it('notes a file whose name it does not know and yields nothing', () => {
    const parsed = parseVectorText('somewhere/notes.rsp', 'COUNT = 0\nKEY = 00\n');
    expect(parsed.format).toBeNull();
    expect(parsed.cases).toEqual([]);
    expect(parsed.notes.map(formatFileMessage)).toEqual(['somewhere/notes.rsp: not a recognised vector file name; skipped']);
  });

  it('notes a recognised file without records', () => {
    const parsed = parseVectorText('CBCMMT128.rsp', '# nothing here\n\n');
    expect(parsed.notes.map(formatFileMessage)).toEqual(['CBCMMT128.rsp: no test records found']);
  });
});

describe('CAVP formats', () => {
  it('GCM: bit lengths from the parameters, FAIL records expect a rejected tag', () => {
    const text = [
      '[Keylen = 128]',
      '[IVlen = 96]',
      '[PTlen = 0]',
      '[AADlen = 0]',
      '[Taglen = 128]',
      '',
      'Count = 0',
      'Key = cf063a34d4a9a76c2c86787d3f96db71',
      'IV = 113b9785971864c83b01c787',
      'CT = ',
      'AAD = ',
      'Tag = 72ac8493e3a5228b5d130a69d2510e42',
      'PT = ',
      '',
      'Count = 1',
      'Key = a49a5e26a2f8cb63d05546c2a62f5343',
      'IV = 907763b19b9b4ab6bd4f0281',
      'CT = ',
      'AAD = ',
      'Tag = a2be08210d8c470a8df6e8fbd79ec5cf',
      'FAIL',
      '',
      '[Keylen = 128]',
      '[IVlen = 8]',
      '[PTlen = 0]',
      '[AADlen = 0]',
      '[Taglen = 32]',
      '',
      'Count = 0',
      'Key = 00000000000000000000000000000000',
      'IV = 01',
      'CT = ',
      'AAD = ',
      'Tag = 0102',
      'PT = ',
    ].join('\n');
    const parsed = parseVectorText('gcmDecrypt128.rsp', text);
    expect(parsed.malformed.map(formatFileMessage)).toEqual(['gcmDecrypt128.rsp:34: Tag has 2 bytes but Taglen = 32']);
    const [pass, fail] = only(parsed.cases, 'aead') as [AeadCase, AeadCase];
    expect(pass).toMatchObject({ algorithm: 'gcm(aes)', direction: 'decrypt', tagLength: 16, expectAuthFailure: false });
    expect(hex(pass.plaintext)).toBe('');
    expect(fail).toMatchObject({ expectAuthFailure: true, plaintext: null });
    expect(hex(fail.iv)).toBe('907763b19b9b4ab6bd4f0281');
  });

  it('CCM: file-level lengths, per-block Key/Nonce, CT split into ciphertext and tag, kernel IV', () => {
    const text = [
      'Plen = 24',
      'Nlen = 13',
      'Tlen = 16',
      '',
      '[Alen = 0]',
      '',
      'Key = d24a3d3dde8c84830280cb87abad0bb3',
      'Nonce = f1100035bb24a8d26004e0e24b',
      '',
      'Count = 0',
      'Adata = 00',
      'Payload = 7c86135ed9c2a515aaae0e9a208133897269220f30870006',
      'CT = 1faeb0ee2ca2cd52f0aa3966578344f24e69b742c4ab37ab1123301219c70599b7c373ad4b3ad67b',
      '',
      '[Alen = 1]',
      '',
      'Count = 1',
      'Adata = 00',
      'Payload = 7c86135ed9c2a515aaae0e9a208133897269220f30870006',
      'CT = 1faeb0ee2ca2cd52f0aa3966578344f24e69b742c4ab37ab1123301219c70599b7c373ad4b3ad67b',
    ].join('\n');
    const parsed = parseVectorText('VADT128.rsp', text);
    // The Key and Nonce belonged to the [Alen = 0] block: a new block must give its own.
    expect(parsed.malformed.map(formatFileMessage)).toEqual(['VADT128.rsp:17: missing Key']);
    const [ccm] = only(parsed.cases, 'aead') as [AeadCase];
    expect(ccm).toMatchObject({ algorithm: 'ccm(aes)', direction: 'encrypt', tagLength: 16, expectAuthFailure: false });
    expect(hex(ccm.aad)).toBe('');
    expect(hex(ccm.ciphertext)).toBe('1faeb0ee2ca2cd52f0aa3966578344f24e69b742c4ab37ab');
    expect(hex(ccm.tag)).toBe('1123301219c70599b7c373ad4b3ad67b');
    expect(hex(ccm.iv)).toBe('01f1100035bb24a8d26004e0e24b0000');
  });

  it('CCM DVPT: comma-separated parameters, Result Pass/Fail with the .txt annotations', () => {
    const text = [
      '[Alen = 0, Plen = 0, Nlen = 7, Tlen = 4]',
      '',
      'Key = 4ae701103c63deca5b5a3939d7d05992',
      '',
      'Count = 0',
      'Nonce = 5a8aa485c316e9',
      'Adata = 00',
      'CT = 02209f55',
      'Result = Pass (0)',
      'Payload = 00',
      '',
      'Count = 1',
      'Nonce = 3796cf51b87266',
      'Adata = 00',
      'CT = 9a04c241',
      'Result = Fail (2 - CT changed)',
    ].join('\n');
    const parsed = parseVectorText('DVPT128.txt', text);
    expect(parsed.malformed).toEqual([]);
    const [pass, fail] = only(parsed.cases, 'aead') as [AeadCase, AeadCase];
    expect(pass).toMatchObject({ direction: 'decrypt', expectAuthFailure: false, tagLength: 4 });
    expect(hex(pass.iv)).toBe('075a8aa485c316e90000000000000000');
    expect(fail).toMatchObject({ expectAuthFailure: true, plaintext: null });
  });

  it('XTS: a data unit sequence number becomes a little-endian 128-bit tweak; bit lengths are unrunnable', () => {
    const text = [
      '[ENCRYPT]',
      '',
      'COUNT = 1',
      'DataUnitLen = 128',
      'Key = a3e40d5bd4b6bbedb2d18c700ad2db2210c81190646d673cbca53f133eab373c',
      'DataUnitSeqNumber = 141',
      'PT = 20e0719405993f09a66ae5bb500e562c',
      'CT = 74623551210216ac926b9650b6d3fa52',
      '',
      '',
      'COUNT = 2',
      'DataUnitLen = 130',
      'Key = a3e40d5bd4b6bbedb2d18c700ad2db2210c81190646d673cbca53f133eab373c',
      'DataUnitSeqNumber = 141',
      'PT = 20e0719405993f09a66ae5bb500e562c00',
      'CT = 74623551210216ac926b9650b6d3fa5200',
    ].join('\n');
    const parsed = parseVectorText('tweak-dataunitseqno/XTSGenAES128.rsp', text);
    expect(parsed.malformed).toEqual([]);
    const [xts, bits] = parsed.cases as [SkcipherCase, VectorCase];
    expect(hex(xts.iv)).toBe('8d000000000000000000000000000000');
    expect(xts.algorithm).toBe('xts(aes)');
    expect(bits).toMatchObject({ kind: 'unrunnable', reason: 'data unit of 130 bits is not a whole number of bytes' });
  });

  it('NIST HMAC.rsp: [L=…] picks the hash, Tlen truncates (RFC 4231 test case 5)', () => {
    const text = [
      '[L=32]',
      '',
      'Count = 0',
      'Klen = 20',
      'Tlen = 16',
      'Key = 0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c',
      'Msg = 546573742057697468205472756e636174696f6e',
      'Mac = a3b6167473100ee06e0c796c2955552b',
    ].join('\n');
    const parsed = parseVectorText('HMAC.rsp', text);
    expect(parsed.malformed).toEqual([]);
    const [mac] = only(parsed.cases, 'digest') as [DigestCase];
    expect(mac.algorithm).toBe('hmac(sha256)');
    expect(mac.expected.length).toBe(16);
  });

  it('SHA Monte: each checkpoint is seeded by the previous expected digest', () => {
    const text = ['[L = 20]', '', 'Seed = 00', '', 'COUNT = 0', 'MD = 11', '', 'COUNT = 1', 'MD = 22', '', 'COUNT = 3', 'MD = 33'].join(
      '\n',
    );
    const parsed = parseVectorText('SHA1Monte.rsp', text);
    expect(parsed.cases.map((c) => (c.kind === 'monte' ? [hex(c.seed), hex(c.expected)] : null))).toEqual([
      ['00', '11'],
      ['11', '22'],
    ]);
    expect(parsed.malformed.map(formatFileMessage)).toEqual(['SHA1Monte.rsp:11: COUNT = 3 does not follow COUNT = 1']);
  });

  it('SP 800-108 counter KDF: PRF, counter location and width from the brackets; TDES2 keys expanded', () => {
    const text = [
      '[PRF=CMAC_TDES2]',
      '[CTRLOCATION=MIDDLE_FIXED]',
      '[RLEN=16_BITS]',
      '',
      'COUNT=0',
      'L = 128',
      'KI = 00112233445566778899aabbccddeeff',
      'DataBeforeCtrLen = 2',
      'DataBeforeCtrData = aabb',
      'DataAfterCtrLen = 1',
      'DataAfterCtrData = cc',
      '\tBinary rep of i = 0001',
      '\tinstring = aabb0001cc',
      '\tBinary rep of i = 0002',
      '\tinstring = aabb0002cc',
      'KO = 000102030405060708090a0b0c0d0e0f',
    ].join('\n');
    const parsed = parseVectorText('nist-800-108-KBKDF-CTR.txt', text);
    expect(parsed.malformed).toEqual([]);
    expect(parsed.cases[0]).toMatchObject({ kind: 'kdf-counter', algorithm: 'cmac(des3_ede)', counterBits: 16, outputBits: 128 });
    const kdf = parsed.cases[0] as Extract<VectorCase, { kind: 'kdf-counter' }>;
    expect(hex(kdf.key)).toBe('00112233445566778899aabbccddeeff0011223344556677');
    expect(hex(kdf.fixedBefore)).toBe('aabb');
    expect(hex(kdf.fixedAfter)).toBe('cc');
  });

  it('records right after bracket lines (SHAKE VariableOut layout) are unrunnable with a reason', () => {
    const text = [
      '[Tested for Output of byte-oriented messages]',
      '[Input Length = 128]',
      '[Minimum Output Length (bits) = 125]',
      'COUNT = 0',
      'Outputlen = 128',
      'Msg = 84e950051876050dc851fbd99e6247b8',
      'Output = 8599bd89f63a848c49ca593ec37a12c6',
    ].join('\n');
    const parsed = parseVectorText('SHAKE128VariableOut.rsp', text);
    expect(parsed.malformed).toEqual([]);
    expect(parsed.cases).toEqual([
      expect.objectContaining({ kind: 'unrunnable', reason: 'extendable-output functions have no AF_ALG hash interface', line: 4 }),
    ]);
  });
});
