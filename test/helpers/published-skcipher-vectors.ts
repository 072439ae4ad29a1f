/**
 * Published known answers for kernel skciphers that node:crypto has no name for: CBC-CS3
 * ciphertext stealing from RFC 3962 appendix B (the kernel's cts(cbc(aes)); key "chicken
 * teriyaki", zero IV, prefixes of one sentence) and AES-CTR with RFC 3686 counter blocks
 * (section 6, vectors #1 and #2; the kernel's key is the AES key followed by the nonce).
 * Used by the software models' unit test and, on the kernel, by test/kernel/published-vectors.test.ts.
 */
export interface PublishedSkcipherVector {
  readonly algorithm: string;
  readonly source: string;
  readonly key: string;
  readonly iv: string;
  readonly plain: string;
  readonly cipher: string;
}

const teriyaki = '636869636b656e207465726979616b69';
const sentence = Buffer.from("I would like the General Gau's Chicken, please, and wonton soup.").toString('hex');

const rfc3962: [number, string][] = [
  [17, 'c6353568f2bf8cb4d8a580362da7ff7f97'],
  [31, 'fc00783e0efdb2c1d445d4c8eff7ed2297687268d6ecccc0c07b25e25ecfe5'],
  [32, '39312523a78662d5be7fcbcc98ebf5a897687268d6ecccc0c07b25e25ecfe584'],
  [47, '97687268d6ecccc0c07b25e25ecfe584b3fffd940c16a18c1b5549d2f838029e39312523a78662d5be7fcbcc98ebf5'],
  [48, '97687268d6ecccc0c07b25e25ecfe5849dad8bbb96c4cdc03bc103e1a194bbd839312523a78662d5be7fcbcc98ebf5a8'],
  [64, '97687268d6ecccc0c07b25e25ecfe58439312523a78662d5be7fcbcc98ebf5a84807efe836ee89a526730dbc2f7bc8409dad8bbb96c4cdc03bc103e1a194bbd8'],
];

export const publishedSkcipherVectors: readonly PublishedSkcipherVector[] = [
  ...rfc3962.map(([length, cipher]) => ({
    algorithm: 'cts(cbc(aes))',
    source: `RFC 3962 B, ${length} bytes`,
    key: teriyaki,
    iv: '00'.repeat(16),
    plain: sentence.slice(0, 2 * length),
    cipher,
  })),
  {
    algorithm: 'rfc3686(ctr(aes))',
    source: 'RFC 3686 6, vector #1',
    key: 'ae6852f8121067cc4bf7a5765577f39e' + '00000030',
    iv: '0000000000000000',
    plain: '53696e676c6520626c6f636b206d7367',
    cipher: 'e4095d4fb7a7b3792d6175a3261311b8',
  },
  {
    algorithm: 'rfc3686(ctr(aes))',
    source: 'RFC 3686 6, vector #2',
    key: '7e24067817fae0d743d6ce1f32539163' + '006cb6db',
    iv: 'c0543b59da48d90b',
    plain: '000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f',
    cipher: '5104a106168a72d9790d41ee8edad388eb2e1efc46da57c8fce630df9141be28',
  },
];
